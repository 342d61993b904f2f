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
