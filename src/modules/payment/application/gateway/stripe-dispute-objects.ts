import type Stripe from 'stripe';
import type { GatewayStatus } from '../../domain/payment-intent';
import type { GatewayDispute, GatewayIntentAudit } from './payment-gateway';
import { toGatewayIntent } from './stripe-objects';

const idOf = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
};

/**
 * Whether a webhook's object is a whole Dispute (what toGatewayDispute reads). Stripe always sends
 * whole objects; a hand-made event signed with our secret that is not one is ignored, not a 500.
 */
export function isWholeDispute(object: unknown): object is Stripe.Dispute {
  const dispute = object as Partial<Record<string, unknown>> | null;
  return (
    !!dispute &&
    dispute.object === 'dispute' &&
    typeof dispute.id === 'string' &&
    typeof dispute.status === 'string' &&
    typeof dispute.reason === 'string' &&
    typeof dispute.currency === 'string' &&
    Number.isInteger(dispute.amount) &&
    typeof dispute.created === 'number'
  );
}

export function toGatewayDispute(dispute: Stripe.Dispute): GatewayDispute {
  const due = dispute.evidence_details?.due_by;
  return {
    id: dispute.id,
    paymentIntentId: idOf(dispute.payment_intent),
    chargeId: idOf(dispute.charge),
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason,
    status: dispute.status,
    evidenceDueBy: typeof due === 'number' ? new Date(due * 1000) : null,
    createdAt: new Date(dispute.created * 1000),
  };
}

/** An intent retrieved with `expand: ['latest_charge']`: the charge says what was refunded. */
export function toIntentAudit(intent: Stripe.PaymentIntent): GatewayIntentAudit {
  const { id, status, amountCapturable, amountReceived } = toGatewayIntent(intent);
  const charge = intent.latest_charge;
  let amountRefunded: number | null;
  if (charge === null)
    amountRefunded = 0; // no charge yet: nothing can have been refunded
  else if (typeof charge === 'object' && Number.isInteger(charge.amount_refunded))
    amountRefunded = charge.amount_refunded;
  else amountRefunded = null;
  return { id, status: status as GatewayStatus, amountCapturable, amountReceived, amountRefunded };
}
