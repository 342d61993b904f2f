import { defineEvent } from '../../../platform/events/integration-event';

export interface DepositRenewalFailedPayload {
  intentId: string;
  rentalId: string;
  /** identity's ids: the renter whose card refused, and the owner whose deposit protection is at stake. */
  renterId: string;
  ownerId: string;
  /** The deposit, minor units. */
  amount: number;
  currency: string;
  /** 1, 2, 3: the job tries again while `willRetry`. */
  attempt: number;
  willRetry: boolean;
  /** When the current hold lapses at the card network (estimated from AUTHORIZATION_VALIDITY_DAYS). */
  holdExpiresAt: string;
  /** The gateway's reason: card_declined, authentication_required, expired_card... */
  code: string;
}

/**
 * A long rental's deposit hold could not be renewed: the renter should update their card, and the
 * owner knows the deposit may stop being held. For notifications (both parties).
 */
export const DepositRenewalFailed = defineEvent<DepositRenewalFailedPayload>('payment.DepositRenewalFailed');
