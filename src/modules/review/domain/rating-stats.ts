/**
 * Rating summaries kept incrementally: a count, a sum and a count per star. Adding a batch of newly
 * visible ratings is a delta applied in one UPDATE; the average is derived, never stored, so the
 * stored numbers are exact integers that a recomputation over the rows must reproduce.
 */
export type Stars = 1 | 2 | 3 | 4 | 5;
export const STARS: readonly Stars[] = [1, 2, 3, 4, 5];

export interface RatingStats {
  count: number;
  sum: number;
  /** distribution[0] counts 1-star ratings ... distribution[4] counts 5-star ratings. */
  distribution: [number, number, number, number, number];
}

export function emptyStats(): RatingStats {
  return { count: 0, sum: 0, distribution: [0, 0, 0, 0, 0] };
}

export function isRating(value: unknown): value is Stars {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** The change a batch of newly visible ratings makes. */
export function deltaOf(ratings: readonly number[]): RatingStats {
  const delta = emptyStats();
  for (const rating of ratings) {
    if (!isRating(rating)) throw new RangeError(`Not a rating: ${rating}`);
    delta.count += 1;
    delta.sum += rating;
    delta.distribution[rating - 1] += 1;
  }
  return delta;
}

/** The change removing ratings makes: the delta of adding them, negated. */
export function removalOf(ratings: readonly number[]): RatingStats {
  const added = deltaOf(ratings);
  // 0 - n, not -n: no negative zeros where a star had no rating.
  return {
    count: 0 - added.count,
    sum: 0 - added.sum,
    distribution: added.distribution.map((n) => 0 - n) as RatingStats['distribution'],
  };
}

export function applyDelta(stats: RatingStats, delta: RatingStats): RatingStats {
  return {
    count: stats.count + delta.count,
    sum: stats.sum + delta.sum,
    distribution: stats.distribution.map((n, i) => n + delta.distribution[i]) as RatingStats['distribution'],
  };
}

/** Mean rating rounded to two decimals; null with no ratings. */
export function averageOf(stats: Pick<RatingStats, 'count' | 'sum'>): number | null {
  if (stats.count === 0) return null;
  return Math.round((stats.sum * 100) / stats.count) / 100;
}

/** The distribution as clients read it: `{ "1": n, ..., "5": n }`. */
export function distributionByStar(stats: RatingStats): Record<`${Stars}`, number> {
  const [one, two, three, four, five] = stats.distribution;
  return { '1': one, '2': two, '3': three, '4': four, '5': five };
}

/** Stored numbers must agree with each other; a broken row means a bug, not a user error. */
export function isConsistent(stats: RatingStats): boolean {
  const total = stats.distribution.reduce((a, b) => a + b, 0);
  const sum = stats.distribution.reduce((a, n, i) => a + n * (i + 1), 0);
  return total === stats.count && sum === stats.sum && stats.distribution.every((n) => n >= 0);
}
