import { defineEvent } from '../../../platform/events/integration-event';

export interface PaymentIntentStatusChangedPayload {
  intentId: string;
  purpose: 'rental' | 'subscription';
  reference: string;
  payerId: string;
  payeeId: string | null;
  rentalId: string | null;
  subscriptionId: string | null;
  status: string;
  previousStatus: string | null;
  amount: number;
  currency: string;
  lastError: { code: string; message: string } | null;
}

/** A payment intent moved (authorized, captured, declined, refunded...). */
export const PaymentIntentStatusChanged = defineEvent<PaymentIntentStatusChangedPayload>(
  'payment.PaymentIntentStatusChanged',
);

export interface PayoutSentPayload {
  payoutId: string;
  rentalId: string;
  ownerId: string;
  /** Minor units. */
  amount: number;
  currency: string;
  sentAt: string;
}

/**
 * The owner's share of a rental was transferred to their payout account (their bank payout
 * follows on the provider's schedule). For notifications: "you have been paid".
 */
export const PayoutSent = defineEvent<PayoutSentPayload>('payment.PayoutSent');
