import type Stripe from 'stripe';
import type { GatewayAccount, GatewayTransfer } from './payment-gateway';

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
    requirementsDue: Array.isArray(due) ? due.filter((d) => typeof d === 'string').slice(0, 100) : [],
    disabledReason: account.requirements?.disabled_reason ?? null,
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
