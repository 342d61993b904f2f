import type Stripe from 'stripe';
import type { GatewayStatus } from '../../domain/payment-intent';
import type { GatewayAccount, GatewayIntent, GatewayPaymentMethod, GatewayTransfer } from './payment-gateway';

/** Stripe's objects as the PaymentGateway port describes them (the fields we read, nothing else). */
const STATUSES = new Set<GatewayStatus>([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
]);

/**
 * Whether a webhook's object has what toGatewayIntent reads. Stripe always sends whole intents; an
 * event signed with our secret that does not (a hand-made test event) is ignored, not a 500.
 */
export function isWholeIntent(object: unknown): object is Stripe.PaymentIntent {
  const intent = object as Partial<Record<'id' | 'status' | 'currency' | 'amount', unknown>> | null;
  return (
    !!intent &&
    typeof intent.id === 'string' &&
    typeof intent.status === 'string' &&
    typeof intent.currency === 'string' &&
    Number.isInteger(intent.amount)
  );
}

export function toGatewayIntent(intent: Stripe.PaymentIntent): GatewayIntent {
  const status = STATUSES.has(intent.status as GatewayStatus)
    ? (intent.status as GatewayStatus)
    : 'processing';
  const error = intent.last_payment_error;
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const redirect = intent.next_action?.redirect_to_url?.url ?? null;
  return {
    id: intent.id,
    status,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
    amountCapturable: intent.amount_capturable ?? 0,
    amountReceived: intent.amount_received ?? 0,
    amountRefunded: charge?.amount_refunded ?? 0,
    clientSecret: intent.client_secret ?? null,
    nextAction:
      status === 'requires_action' && intent.next_action
        ? { type: intent.next_action.type, redirectUrl: redirect }
        : null,
    lastError:
      error && status === 'requires_payment_method'
        ? {
            code: error.code ?? error.type ?? 'payment_failed',
            declineCode: error.decline_code ?? null,
            message: error.message ?? 'The payment failed',
          }
        : null,
  };
}

export function toPaymentMethod(method: Stripe.PaymentMethod): GatewayPaymentMethod {
  const card = method.card;
  if (card) {
    const wallet = card.wallet?.type ?? null;
    return {
      id: method.id,
      type: wallet ? 'wallet' : 'card',
      brand: card.brand,
      last4: card.last4,
      expMonth: card.exp_month,
      expYear: card.exp_year,
      wallet,
      bankName: null,
    };
  }
  const bank = method.us_bank_account ?? method.sepa_debit ?? null;
  return {
    id: method.id,
    type: bank ? 'bank_account' : 'wallet',
    brand: null,
    last4: bank?.last4 ?? null,
    expMonth: null,
    expYear: null,
    wallet: bank ? null : method.type,
    bankName: method.us_bank_account?.bank_name ?? method.sepa_debit?.bank_code ?? null,
  };
}

/**
 * Whether a webhook's object is a whole Account (what toGatewayAccount reads). Stripe always sends
 * whole objects; a hand-made event signed with our secret that is not one is ignored, not a 500.
 */
export function isWholeAccount(object: unknown): object is Stripe.Account {
  const account = object as Partial<Record<string, unknown>> | null;
  return (
    !!account &&
    account.object === 'account' &&
    typeof account.id === 'string' &&
    typeof account.details_submitted === 'boolean' &&
    typeof account.charges_enabled === 'boolean' &&
    typeof account.payouts_enabled === 'boolean'
  );
}

export function toGatewayAccount(account: Stripe.Account): GatewayAccount {
  const due = account.requirements?.currently_due;
  return {
    id: account.id,
    detailsSubmitted: account.details_submitted === true,
    chargesEnabled: account.charges_enabled === true,
    payoutsEnabled: account.payouts_enabled === true,
    // The contract bounds both (100 entries of 200 characters): Stripe's field paths are far shorter.
    requirementsDue: Array.isArray(due)
      ? due
          .filter((d) => typeof d === 'string')
          .map((d) => d.slice(0, 200))
          .slice(0, 100)
      : [],
    disabledReason: account.requirements?.disabled_reason?.slice(0, 200) ?? null,
  };
}

export function toGatewayTransfer(transfer: Stripe.Transfer): GatewayTransfer {
  return {
    id: transfer.id,
    amount: transfer.amount,
    amountReversed: transfer.amount_reversed ?? 0,
    currency: transfer.currency.toUpperCase(),
    destination:
      typeof transfer.destination === 'string' ? transfer.destination : (transfer.destination?.id ?? ''),
    transferGroup: transfer.transfer_group ?? null,
  };
}
