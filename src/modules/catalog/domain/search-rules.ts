import { boundingBox, parseNear } from './geo';
import type { BoundingBox } from './geo';

export const SEARCH_SORTS = ['relevance', 'price_asc', 'price_desc', 'newest', 'distance', 'rating'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

export const SEARCH_LIMITS = {
  qMaxLength: 200,
  tags: 10,
  defaultRadiusKm: 25,
  maxRadiusKm: 500,
  maxStayDays: 365,
} as const;

export interface SearchInput {
  q?: string;
  categoryId?: string;
  tags?: string[];
  minPrice?: number;
  maxPrice?: number;
  currency?: string;
  ownerId?: string;
  status?: string;
  near?: string;
  radiusKm?: number;
  availableFrom?: string;
  availableTo?: string;
  sort?: SearchSort;
}

/** A search with its parameters checked against each other and defaults filled in. */
export interface SearchPlan {
  sort: SearchSort;
  /** The caller asked for their own listings: drafts and paused ones included. */
  ownListings: boolean;
  geo: { lat: number; lng: number; radiusKm: number; box: BoundingBox } | null;
  stay: { from: string; to: string } | null;
}

type FieldError = { field: string; message: string };

const isCalendarDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const dayNumber = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;

/** Cross-field rules of GET /products; returns the plan, or what is wrong. */
export function planSearch(
  input: SearchInput,
  viewerId: string | undefined,
  today: string,
): { plan: SearchPlan } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const ownListings = !!viewerId && input.ownerId === viewerId;
  if (input.status !== undefined && !ownListings)
    errors.push({ field: 'status', message: 'status can only be filtered with ownerId set to your own id' });
  if ((input.minPrice !== undefined || input.maxPrice !== undefined) && !input.currency)
    errors.push({ field: 'currency', message: 'currency is required with minPrice or maxPrice' });
  if (input.minPrice !== undefined && input.maxPrice !== undefined && input.minPrice > input.maxPrice)
    errors.push({ field: 'maxPrice', message: 'maxPrice must be at least minPrice' });

  let geo: SearchPlan['geo'] = null;
  if (input.near !== undefined) {
    const point = parseNear(input.near);
    if (!point)
      errors.push({ field: 'near', message: 'near must be "lat,lng" within -90..90 and -180..180' });
    else {
      const radiusKm = input.radiusKm ?? SEARCH_LIMITS.defaultRadiusKm;
      geo = { ...point, radiusKm, box: boundingBox(point.lat, point.lng, radiusKm) };
    }
  } else if (input.radiusKm !== undefined) errors.push({ field: 'near', message: 'radiusKm needs near' });

  let stay: SearchPlan['stay'] = null;
  const { availableFrom: from, availableTo: to } = input;
  if ((from === undefined) !== (to === undefined))
    errors.push({
      field: from ? 'availableTo' : 'availableFrom',
      message: 'give availableFrom and availableTo together',
    });
  else if (from !== undefined && to !== undefined) {
    if (!isCalendarDate(from))
      errors.push({ field: 'availableFrom', message: 'availableFrom is not a calendar date' });
    else if (!isCalendarDate(to))
      errors.push({ field: 'availableTo', message: 'availableTo is not a calendar date' });
    else if (from < today)
      errors.push({ field: 'availableFrom', message: 'availableFrom must not be in the past' });
    else if (to <= from)
      errors.push({ field: 'availableTo', message: 'availableTo must be after availableFrom' });
    else if (dayNumber(to) - dayNumber(from) > SEARCH_LIMITS.maxStayDays)
      errors.push({ field: 'availableTo', message: `a stay is at most ${SEARCH_LIMITS.maxStayDays} days` });
    else stay = { from, to };
  }

  const sort: SearchSort = input.sort ?? (input.q ? 'relevance' : geo ? 'distance' : 'newest');
  if (sort === 'relevance' && !input.q) errors.push({ field: 'sort', message: 'sort=relevance needs q' });
  if (sort === 'distance' && input.near === undefined)
    errors.push({ field: 'sort', message: 'sort=distance needs near' });

  return errors.length > 0 ? { errors } : { plan: { sort, ownListings, geo, stay } };
}
