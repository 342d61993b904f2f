/**
 * `draft`, `active` (listed), `paused`: the owner's choice. `pending_approval`: waiting for a
 * moderator (a resubmitted takedown, or a first publication with LISTINGS_REQUIRE_APPROVAL on).
 * `hidden`: a moderator took it down. Only `active` products are seen by others or rentable.
 */
export type ProductStatus = 'draft' | 'active' | 'paused' | 'pending_approval' | 'hidden';

export interface ProductPricing {
  /** Minor units (cents) of `currency`. */
  dailyPrice: number;
  /** Price of 7 consecutive days, when the owner offers one. */
  weeklyPrice: number | null;
  /** Refundable deposit held for the rental; 0 when none. */
  deposit: number;
  /** ISO 4217, upper case. */
  currency: string;
}

/**
 * What a renter who cancels an accepted rental gets back, by time left before the start; rental
 * owns the tiers (rental's domain/cancellation-policy.ts), catalog only stores the listing's choice.
 */
export type CancellationPolicyName = 'flexible' | 'moderate' | 'strict';

export interface RentalRules {
  minDays: number;
  maxDays: number;
  /** Days of notice the owner needs before a rental starts (0 = same day). */
  leadTimeDays: number;
  /** Days kept free between two rentals (cleaning, repairs). */
  bufferDays: number;
  /** Copied onto each rental when it is requested: a later change never alters a booked rental. */
  cancellationPolicy: CancellationPolicyName;
}

/** What other contexts may know of a product: plain data, never an entity. */
export interface ProductSnapshot {
  id: string;
  ownerId: string;
  title: string;
  status: ProductStatus;
  deleted: boolean;
  /** Active, not deleted, and its owner is active: it can be booked now. */
  rentable: boolean;
  pricing: ProductPricing;
  rules: RentalRules;
}

/** Catalog's public API. Inject with `@Inject(CatalogApi)` (the abstract class is the token). */
export abstract class CatalogApi {
  /** Any product by id, deleted ones included (flagged); null when it never existed. */
  abstract findProduct(id: string): Promise<ProductSnapshot | null>;
  abstract findProducts(ids: string[]): Promise<ProductSnapshot[]>;
}
