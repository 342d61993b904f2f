import type { PlanOption } from './plan-limits';
import { remaining, upgradeForListings, withinLimit } from './plan-limits';

const plan = (code: string, sortOrder: number, maxActiveListings: number | null): PlanOption => ({
  id: code,
  code,
  name: code,
  sortOrder,
  limits: { maxActiveListings, maxRentalsPerMonth: null },
});
const plans = [plan('free', 0, 5), plan('basic', 1, 25), plan('pro', 2, null)];

describe('plan limits', () => {
  it.each([
    [5, 4, true],
    [5, 5, false],
    [null, 10_000, true],
    [0, 0, false],
  ])('limit %s with %i used: another allowed = %s', (limit, used, ok) =>
    expect(withinLimit(limit, used)).toBe(ok),
  );

  it.each([
    [5, 7, 0],
    [5, 2, 3],
    [null, 2, null],
  ])('limit %s, used %i: remaining %s', (limit, used, left) => expect(remaining(limit, used)).toBe(left));

  it.each([
    ['free', 5, 'basic'],
    ['free', 30, 'pro'],
    ['basic', 25, 'pro'],
    ['pro', 1000, null],
  ])('from %s with %i listings the upgrade is %s', (from, used, to) => {
    expect(
      upgradeForListings(
        plans,
        plans.find((p) => p.code === from)!,
        used,
      )?.code ?? null,
    ).toBe(to);
  });
});
