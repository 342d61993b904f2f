export type RentalStatus =
  'requested' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'active' | 'returned' | 'completed';

/** Statuses that hold the product's dates (the exclusion constraint covers exactly these). */
export const HOLDING_STATUSES: readonly RentalStatus[] = ['requested', 'accepted', 'active'];

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
