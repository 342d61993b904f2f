import type { CancellationOutcome } from '../domain/cancellation-policy';
import type { CancellationTerms } from '../domain/cancellation-terms';
import type { RentalRecord } from '../persistence/rental-row';
import type {
  CancellationOutcomeDto,
  QuoteCancellationDto,
  RentalCancellationDto,
} from './dto/cancellation.response';
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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toOutcomeDto(o: CancellationOutcome): CancellationOutcomeDto {
  return {
    basis: o.basis,
    refundPercent: o.refundPercent,
    refund: o.amount,
    platformFeeRefunded: o.platformFeeRefunded,
    until: iso(o.until),
  };
}

/** A rental's cancellation terms as its detail shows them, instants as ISO strings. */
export function toCancellationDto(terms: CancellationTerms): RentalCancellationDto {
  return {
    policy: terms.policy,
    startsAt: terms.startsAt.toISOString(),
    windows: terms.windows.map((w) => ({
      until: iso(w.until),
      refundPercent: w.refundPercent,
      refund: w.refund,
    })),
    fullRefundUntil: iso(terms.fullRefundUntil),
    ifCancelledNow: terms.ifCancelledNow ? toOutcomeDto(terms.ifCancelledNow) : null,
  };
}

/** The quote's terms: what cancelling now would refund is always known there. */
export function toQuoteCancellationDto(
  terms: CancellationTerms & { ifCancelledNow: CancellationOutcome },
): QuoteCancellationDto {
  return { ...toCancellationDto(terms), ifCancelledNow: toOutcomeDto(terms.ifCancelledNow) };
}
