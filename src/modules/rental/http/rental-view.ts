import type { RentalRecord } from '../persistence/rental-row';
import type { RentalDto } from './dto/rental.response';

/** The client's view of a rental: every field named, nothing internal (the version) leaked. */
export function toRentalDto(r: RentalRecord): RentalDto {
  return {
    id: r.id,
    productId: r.productId,
    renterId: r.renterId,
    ownerId: r.ownerId,
    startDate: r.startDate,
    endDate: r.endDate,
    heldUntil: r.heldUntil,
    status: r.status,
    quote: { ...r.quote },
    notes: r.notes,
    cancelledBy: r.cancelledBy,
    cancellationPolicy: r.cancellationPolicy,
    cancellationRefund: r.cancellationRefund,
    respondBy: r.respondBy,
    returnedAt: r.returnedAt,
    completedAt: r.completedAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
