/** null means unlimited. */
export interface PlanLimits {
  maxActiveListings: number | null;
  maxRentalsPerMonth: number | null;
}

export const withinLimit = (limit: number | null, used: number) => limit === null || used < limit;

export const remaining = (limit: number | null, used: number) =>
  limit === null ? null : Math.max(0, limit - used);

export interface PlanOption {
  id: string;
  code: string;
  name: string;
  limits: PlanLimits;
  sortOrder: number;
}

/**
 * The cheapest plan that lets the user have one more active listing than now, to name as the
 * upgrade path; null when none does.
 */
export function upgradeForListings(
  plans: PlanOption[],
  current: PlanOption,
  activeListings: number,
): PlanOption | null {
  return (
    plans
      .filter(
        (p) => p.sortOrder > current.sortOrder && withinLimit(p.limits.maxActiveListings, activeListings),
      )
      .sort((a, b) => a.sortOrder - b.sortOrder)[0] ?? null
  );
}
