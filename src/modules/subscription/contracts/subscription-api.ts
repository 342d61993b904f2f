/** The plan that applies to a user now (their live subscription's, else free), with its limits. */
export interface PlanLimitsSnapshot {
  planId: string;
  planCode: string;
  planName: string;
  /** null when the user has no subscription (the free plan applies). */
  subscriptionId: string | null;
  /** null: unlimited. */
  maxActiveListings: number | null;
  /** Rentals accepted as owner per billing period (calendar month without a subscription); null: unlimited. */
  maxRentalsPerMonth: number | null;
  periodStart: string;
  periodEnd: string;
}

export interface PlanRef {
  planId: string;
  code: string;
  name: string;
}

export interface ListingAllowance {
  allowed: boolean;
  plan: PlanRef;
  limit: number | null;
  activeListings: number;
  /** The cheapest plan that would allow it; null when allowed, or when no plan would. */
  upgrade: (PlanRef & { maxActiveListings: number | null }) | null;
}

export interface RentalAllowance {
  allowed: boolean;
  plan: PlanRef;
  limit: number | null;
  acceptedThisPeriod: number;
  periodStart: string;
  periodEnd: string;
}

/**
 * Subscription's public API. Inject with `@Inject(SubscriptionApi)` (the abstract class is the token).
 *
 * Catalog calls `assertCanActivateListing(ownerId, activeListingCount)` (inside the transaction
 * that activates a product, with the owner's currently active listings not counting the product
 * itself); it throws SUBSCRIPTION.LISTING_LIMIT_REACHED (403) whose problem body names the limit,
 * the usage and the upgrade path: `{ limit: { name: 'activeListings', max, used }, plan, upgrade }`.
 */
export abstract class SubscriptionApi {
  abstract limitsFor(userId: string): Promise<PlanLimitsSnapshot>;
  abstract checkCanActivateListing(userId: string, activeListingCount: number): Promise<ListingAllowance>;
  abstract assertCanActivateListing(userId: string, activeListingCount: number): Promise<void>;
  /** For the owner accepting one more rental this period; usage comes from rental events. */
  abstract checkCanAcceptRental(ownerId: string): Promise<RentalAllowance>;
  /** Throws SUBSCRIPTION.RENTAL_LIMIT_REACHED (403) naming the limit and the usage. */
  abstract assertCanAcceptRental(ownerId: string): Promise<void>;
}
