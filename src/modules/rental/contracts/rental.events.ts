import { defineEvent } from '../../../platform/events/integration-event';
import type { CancellationRefund, RentalQuote, RentalStatus } from './rental-api';

/** Every lifecycle event carries the whole picture, so subscribers need not call back. */
export interface RentalEventPayload {
  rentalId: string;
  productId: string;
  renterId: string;
  ownerId: string;
  startDate: string;
  endDate: string;
  status: RentalStatus;
  previousStatus: RentalStatus | null;
  /** Who caused it; null when the system did (expiry, completion). */
  actorId: string | null;
  /** For cancellations: which side cancelled. */
  cancelledBy: 'renter' | 'owner' | null;
  quote: RentalQuote;
  /**
   * On RentalCancelled only: what the renter gets back of the charge, decided by the rental's
   * cancellation policy when it was cancelled. Payment refunds exactly `refund.amount`. Absent on
   * every other event, and on cancellations published before policies existed (an event still in
   * an outbox across the upgrade).
   */
  refund?: CancellationRefund;
}

export const RentalRequested = defineEvent<RentalEventPayload>('rental.RentalRequested');
export const RentalAccepted = defineEvent<RentalEventPayload>('rental.RentalAccepted');
export const RentalDeclined = defineEvent<RentalEventPayload>('rental.RentalDeclined');
export const RentalCancelled = defineEvent<RentalEventPayload>('rental.RentalCancelled');
export const RentalExpired = defineEvent<RentalEventPayload>('rental.RentalExpired');
/** The owner handed the item over: the rental is `active`. */
export const RentalHandedOver = defineEvent<RentalEventPayload>('rental.RentalHandedOver');
export const RentalReturned = defineEvent<RentalEventPayload>('rental.RentalReturned');
export const RentalCompleted = defineEvent<RentalEventPayload>('rental.RentalCompleted');

/** The event published when a rental enters each status. */
export const RENTAL_EVENT_FOR_STATUS = {
  requested: RentalRequested,
  accepted: RentalAccepted,
  declined: RentalDeclined,
  cancelled: RentalCancelled,
  expired: RentalExpired,
  active: RentalHandedOver,
  returned: RentalReturned,
  completed: RentalCompleted,
} as const satisfies Record<RentalStatus, unknown>;
