import type { RatingStats } from './rating-stats';
import {
  applyDelta,
  averageOf,
  deltaOf,
  distributionByStar,
  emptyStats,
  isConsistent,
  isRating,
  removalOf,
} from './rating-stats';

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const recompute = (ratings: number[]): RatingStats => ({
  count: ratings.length,
  sum: ratings.reduce((a, b) => a + b, 0),
  distribution: [1, 2, 3, 4, 5].map(
    (s) => ratings.filter((r) => r === s).length,
  ) as RatingStats['distribution'],
});

describe('rating stats', () => {
  it('starts empty, with no average', () => {
    expect(emptyStats()).toEqual({ count: 0, sum: 0, distribution: [0, 0, 0, 0, 0] });
    expect(averageOf(emptyStats())).toBeNull();
  });

  it.each([
    [[5], { count: 1, sum: 5, distribution: [0, 0, 0, 0, 1] }],
    [[1, 1, 3], { count: 3, sum: 5, distribution: [2, 0, 1, 0, 0] }],
    [[], { count: 0, sum: 0, distribution: [0, 0, 0, 0, 0] }],
    [[2, 3, 4, 5, 1], { count: 5, sum: 15, distribution: [1, 1, 1, 1, 1] }],
  ])('the delta of %j', (ratings, expected) => {
    expect(deltaOf(ratings)).toEqual(expected);
  });

  it.each([0, 6, 2.5, -1, NaN])('refuses %s as a rating', (r) => {
    expect(isRating(r)).toBe(false);
    expect(() => deltaOf([r])).toThrow(RangeError);
  });

  it.each([
    [{ count: 1, sum: 5 }, 5],
    [{ count: 3, sum: 7 }, 2.33],
    [{ count: 3, sum: 8 }, 2.67],
    [{ count: 2, sum: 9 }, 4.5],
    [{ count: 8, sum: 39 }, 4.88],
    [{ count: 200, sum: 999 }, 5],
    [{ count: 200, sum: 998 }, 4.99],
  ])('the average of %j is %s', (stats, average) => {
    expect(averageOf(stats)).toBe(average);
  });

  it('names the distribution by star', () => {
    expect(distributionByStar(deltaOf([1, 5, 5, 4]))).toEqual({ '1': 1, '2': 0, '3': 0, '4': 1, '5': 2 });
  });

  it('applying random batches incrementally equals recomputing over all ratings', () => {
    for (const seed of [1, 7, 42, 2026]) {
      const next = random(seed);
      let stats = emptyStats();
      const all: number[] = [];
      for (let batch = 0; batch < 200; batch++) {
        const ratings = Array.from({ length: Math.floor(next() * 4) }, () => 1 + Math.floor(next() * 5));
        all.push(...ratings);
        stats = applyDelta(stats, deltaOf(ratings));
        expect(isConsistent(stats)).toBe(true);
      }
      expect(stats).toEqual(recompute(all));
      expect(averageOf(stats)).toBe(Math.round((all.reduce((a, b) => a + b, 0) / all.length) * 100) / 100);
    }
  });

  it('removing ratings undoes adding them, and random removals equal recomputing over what is left', () => {
    expect(removalOf([5, 1, 1])).toEqual({ count: -3, sum: -7, distribution: [-2, 0, 0, 0, -1] });
    expect(() => removalOf([0])).toThrow(RangeError);
    for (const seed of [3, 11, 99]) {
      const next = random(seed);
      const kept = Array.from({ length: 300 }, () => 1 + Math.floor(next() * 5));
      let stats = deltaOf(kept);
      while (kept.length > 0) {
        const [removed] = kept.splice(Math.floor(next() * kept.length), 1);
        stats = applyDelta(stats, removalOf([removed]));
        expect(isConsistent(stats)).toBe(true);
        expect(stats).toEqual(recompute(kept));
      }
      expect(stats).toEqual(emptyStats());
      expect(averageOf(stats)).toBeNull();
    }
  });

  it('spots an inconsistent row', () => {
    expect(isConsistent({ count: 2, sum: 5, distribution: [0, 0, 0, 0, 1] })).toBe(false);
    expect(isConsistent({ count: 1, sum: 4, distribution: [0, 0, 0, 0, 1] })).toBe(false);
  });
});
