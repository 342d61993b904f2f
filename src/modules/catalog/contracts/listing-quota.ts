/**
 * A port the catalog owns and another context plugs into: may this owner have one more active
 * listing? The subscription context provides it (plan limits). Declaring it here keeps the
 * dependency pointing from subscription to catalog, never back.
 */
export abstract class ListingQuota {
  /**
   * Throws a 403 problem naming the limit and the upgrade path when `activeListingCount` (the
   * owner's active listings, not counting the product being activated) already uses the plan's quota.
   */
  abstract assertCanActivateListing(ownerId: string, activeListingCount: number): Promise<void>;
}
