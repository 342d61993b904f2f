export type RentalStatus =
  'requested' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'active' | 'returned' | 'completed';

/** Statuses that hold the product's dates (the exclusion constraint covers exactly these). */
export const HOLDING_STATUSES: readonly RentalStatus[] = ['requested', 'accepted', 'active'];

/**
 * A listing's cancellation policy, copied onto each rental when it is requested (the tiers are
 * rental's domain/cancellation-policy.ts and the README's table).
 */
export type CancellationPolicy = 'flexible' | 'moderate' | 'strict';

/**
 * What a cancellation gives back to the renter: `before_acceptance` (nothing was captured, every
 * hold is released), `owner` (the owner cancelled: everything back), `policy` (the renter cancelled
 * an accepted rental: the policy's share of the subtotal, the platform fee kept).
 */
export type RefundBasis = 'before_acceptance' | 'owner' | 'policy';

export interface CancellationRefund {
  policy: CancellationPolicy;
  basis: RefundBasis;
  /** Share of the subtotal given back; 100 when everything is. */
  refundPercent: number;
  /**
   * Of the charge (quote.subtotal + quote.platformFee), in minor units of quote.currency: what goes
   * back to the renter. The deposit is not part of it: its hold is always released.
   */
  amount: number;
  /** Whether the platform fee is part of `amount`. */
  platformFeeRefunded: boolean;
}

/** The priced stay, in minor units of `currency`. */
export interface RentalQuote {
  currency: string;
  rentalDays: number;
  /** Price of the rental days, weekly pricing applied where cheaper. */
  subtotal: number;
  platformFee: number;
  deposit: number;
  /** subtotal + platformFee + deposit: what the renter is charged (deposit refundable). */
  total: number;
}

export interface RentalSnapshot {
  id: string;
  productId: string;
  renterId: string;
  ownerId: string;
  /** Calendar days, ISO `YYYY-MM-DD`; start inclusive, end exclusive. */
  startDate: string;
  endDate: string;
  status: RentalStatus;
  quote: RentalQuote;
  /** When the rental reached `completed`, ISO instant; null before. */
  completedAt: string | null;
}

/**
 * An owner's public record of commitments kept: how many requests they accepted, and how many of
 * those they then cancelled (declining a request is their right and is not counted).
 */
export interface OwnerRecord {
  ownerId: string;
  /** Rentals the owner accepted, whatever became of them. */
  acceptedRentals: number;
  /** Accepted rentals the owner then cancelled. */
  ownerCancellations: number;
}

/** A rental as the operator-wide list gives it: its snapshot and when it was made and last changed. */
export interface ListedRental extends RentalSnapshot {
  /** ISO 8601 UTC with microseconds (`2026-01-31T10:00:00.123456Z`): the list's keyset position. */
  createdAt: string;
  updatedAt: string;
}

export interface RentalListPage {
  /** Newest first. */
  items: ListedRental[];
  hasMore: boolean;
}

/** Rental's public API. Inject with `@Inject(RentalApi)`. */
export abstract class RentalApi {
  abstract findRental(id: string): Promise<RentalSnapshot | null>;
  /** Counts for any user id (zero for someone who never owned a rental); never throws. */
  abstract ownerRecord(ownerId: string): Promise<OwnerRecord>;

  /**
   * Every rental of the marketplace, newest first, those created before `before` (a previous
   * item's createdAt and id), optionally of one status. For operator-wide reads (integrators).
   */
  abstract listRentals(query: {
    before: { createdAt: string; id: string } | null;
    limit: number;
    status?: RentalStatus;
  }): Promise<RentalListPage>;
}
