import { addMonths, firstPeriodEnd, nextPeriodEnd, prorate, renewalCharge } from './billing';

const d = (iso: string) => new Date(iso);

describe('billing periods', () => {
  it.each([
    ['2026-01-15T10:00:00.000Z', 1, '2026-02-15T10:00:00.000Z'],
    ['2026-01-31T00:00:00.000Z', 1, '2026-02-28T00:00:00.000Z'],
    ['2028-01-31T00:00:00.000Z', 1, '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T23:59:59.000Z', 2, '2027-02-28T23:59:59.000Z'],
    ['2026-03-10T08:00:00.000Z', 12, '2027-03-10T08:00:00.000Z'],
  ])('%s + %i months = %s', (from, months, expected) => {
    expect(addMonths(d(from), months).toISOString()).toBe(expected);
  });

  it('counts from the anchor, so a 31st keeps coming back', () => {
    const anchor = d('2026-01-31T00:00:00.000Z');
    const feb = firstPeriodEnd(anchor, 'monthly');
    const mar = nextPeriodEnd(anchor, feb, 'monthly');
    const apr = nextPeriodEnd(anchor, mar, 'monthly');
    expect([feb, mar, apr].map((x) => x.toISOString().slice(0, 10))).toEqual([
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(nextPeriodEnd(anchor, d('2026-01-31T00:00:00.000Z'), 'yearly').toISOString().slice(0, 10)).toBe(
      '2027-01-31',
    );
  });
});

describe('prorate', () => {
  const period = { periodStart: d('2026-03-01T00:00:00Z'), periodEnd: d('2026-03-31T00:00:00Z') };
  const halfway = d('2026-03-16T00:00:00Z');
  it.each([
    // [name, current, next, now, credit, expected]
    [
      'upgrade halfway: pay half the difference',
      { price: 1000, cycle: 'monthly' },
      { price: 3000, cycle: 'monthly' },
      halfway,
      0,
      { unusedCredit: 500, newCost: 1500, amountDue: 1000, creditAfter: 0, periodResets: false },
    ],
    [
      'upgrade with some credit: the credit pays first',
      { price: 1000, cycle: 'monthly' },
      { price: 3000, cycle: 'monthly' },
      halfway,
      300,
      { unusedCredit: 500, newCost: 1500, amountDue: 700, creditAfter: 0, periodResets: false },
    ],
    [
      'downgrade halfway: the difference becomes credit',
      { price: 3000, cycle: 'monthly' },
      { price: 1000, cycle: 'monthly' },
      halfway,
      0,
      { unusedCredit: 1500, newCost: 500, amountDue: 0, creditAfter: 1000, periodResets: false },
    ],
    [
      'to yearly: a new period now, less what is left of this one',
      { price: 1000, cycle: 'monthly' },
      { price: 10000, cycle: 'yearly' },
      halfway,
      0,
      { unusedCredit: 500, newCost: 10000, amountDue: 9500, creditAfter: 0, periodResets: true },
    ],
    [
      'from free: the full new price, a new period',
      { price: 0, cycle: 'monthly' },
      { price: 1000, cycle: 'monthly' },
      halfway,
      0,
      { unusedCredit: 0, newCost: 1000, amountDue: 1000, creditAfter: 0, periodResets: true },
    ],
    [
      'to free at the very start: all credit',
      { price: 1000, cycle: 'monthly' },
      { price: 0, cycle: 'monthly' },
      period.periodStart,
      0,
      { unusedCredit: 1000, newCost: 0, amountDue: 0, creditAfter: 1000, periodResets: false },
    ],
    [
      'after the period end: nothing unused',
      { price: 1000, cycle: 'monthly' },
      { price: 3000, cycle: 'monthly' },
      d('2026-04-02T00:00:00Z'),
      0,
      { unusedCredit: 0, newCost: 0, amountDue: 0, creditAfter: 0, periodResets: false },
    ],
  ] as const)('%s', (_name, current, next, now, credit, expected) => {
    expect(prorate({ current: { ...current }, next: { ...next }, ...period, now, credit })).toEqual(expected);
  });

  it.each([
    [1000, 0, { amountDue: 1000, creditAfter: 0 }],
    [1000, 300, { amountDue: 700, creditAfter: 0 }],
    [1000, 2500, { amountDue: 0, creditAfter: 1500 }],
  ])('renews %i with credit %i', (price, credit, expected) =>
    expect(renewalCharge(price, credit)).toEqual(expected),
  );
});
