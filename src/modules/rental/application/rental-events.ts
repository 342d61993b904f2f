import type { RentalEventPayload } from '../contracts/rental.events';
import { RENTAL_EVENT_FOR_STATUS } from '../contracts/rental.events';
import type { CancellationRefund, RentalStatus } from '../contracts/rental-api';
import type { RentalRecord } from '../persistence/rental-row';

/**
 * The integration event for the status `rental` has just entered, with the whole picture; a
 * cancellation carries its refund.
 */
export function eventForEnteredStatus(
  rental: RentalRecord,
  previousStatus: RentalStatus | null,
  actorId: string | null,
  at: Date,
  refund: CancellationRefund | null = null,
) {
  const payload: RentalEventPayload = {
    rentalId: rental.id,
    productId: rental.productId,
    renterId: rental.renterId,
    ownerId: rental.ownerId,
    startDate: rental.startDate,
    endDate: rental.endDate,
    status: rental.status,
    previousStatus,
    actorId,
    cancelledBy: rental.cancelledBy,
    quote: rental.quote,
  };
  if (refund) {
    const { policy, basis, refundPercent, amount, platformFeeRefunded } = refund;
    payload.refund = { policy, basis, refundPercent, amount, platformFeeRefunded };
  }
  return RENTAL_EVENT_FOR_STATUS[rental.status].create(payload, at);
}
