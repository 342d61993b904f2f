import type { CancellationPolicyName, ProductPricing, RentalRules } from '../contracts/catalog-api';

export const CONDITIONS = ['new', 'like_new', 'good', 'fair', 'worn'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** The names a listing may choose; what each refunds is rental's rule (see the README's table). */
export const CANCELLATION_POLICIES = [
  'flexible',
  'moderate',
  'strict',
] as const satisfies readonly CancellationPolicyName[];

export const LIMITS = {
  titleLength: [3, 120],
  descriptionMaxLength: 5000,
  tags: 20,
  tagLength: [1, 30],
  images: 12,
  imageAltMaxLength: 200,
  urlMaxLength: 2048,
  /** 1,000,000.00 a day in minor units: far above any real listing, well inside an int4. */
  maxPrice: 100_000_000,
  minDays: 1,
  maxDays: 365,
  leadTimeDays: [0, 90],
  bufferDays: [0, 30],
} as const;

/** `flexible` by default: the most generous to renters, and closest to how rentals were refunded before policies. */
export const DEFAULT_RULES: RentalRules = {
  minDays: 1,
  maxDays: 30,
  leadTimeDays: 0,
  bufferDays: 0,
  cancellationPolicy: 'flexible',
};

/** Rules that span several fields, checked on the product as it will be saved (create or update). */
export function productViolations(product: {
  pricing: ProductPricing;
  rules: RentalRules;
  latitude: number | null;
  longitude: number | null;
}): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const { pricing, rules } = product;
  if (rules.minDays > rules.maxDays)
    problems.push({ field: 'rules.maxDays', message: 'rules.maxDays must be at least rules.minDays' });
  // The weekly price is a discount for 7 days; above seven daily prices it would never apply.
  if (pricing.weeklyPrice !== null && pricing.weeklyPrice > pricing.dailyPrice * 7)
    problems.push({
      field: 'pricing.weeklyPrice',
      message: 'pricing.weeklyPrice must not exceed 7 times pricing.dailyPrice',
    });
  if ((product.latitude === null) !== (product.longitude === null))
    problems.push({ field: 'address', message: 'address.lat and address.lng must be given together' });
  return problems;
}
