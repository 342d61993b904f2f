import type { GatewayError, GatewayIntent, GatewayPaymentMethod } from './payment-gateway';
import type { SandboxInstrument } from './sandbox-instruments';

/** The sandbox's own payment intent, shaped like Stripe's (the fields we use). */
export interface SandboxIntent {
  id: string;
  amount: number;
  currency: string;
  customer: string;
  payment_method: string;
  capture_method: 'manual' | 'automatic';
  status: GatewayIntent['status'];
  amount_capturable: number;
  amount_received: number;
  amount_refunded: number;
  client_secret: string;
  last_payment_error: GatewayError | null;
  next_action: { type: string; redirect_to_url: { url: string } } | null;
}

export function visibleDetails(id: string, instrument: SandboxInstrument): GatewayPaymentMethod {
  const { behaviour: _b, number: _n, ...visible } = instrument;
  return { id, ...visible };
}

export function toGateway(intent: SandboxIntent): GatewayIntent {
  return {
    id: intent.id,
    status: intent.status,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
    amountCapturable: intent.amount_capturable,
    amountReceived: intent.amount_received,
    amountRefunded: intent.amount_refunded,
    clientSecret: intent.client_secret,
    nextAction: intent.next_action
      ? { type: intent.next_action.type, redirectUrl: intent.next_action.redirect_to_url.url }
      : null,
    lastError: intent.last_payment_error,
  };
}
