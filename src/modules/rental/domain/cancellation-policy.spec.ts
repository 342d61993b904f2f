import type { CancellationCase, CancellationPolicy } from './cancellation-policy';
import {
  CANCELLATION_POLICIES,
  POLICY_TIERS,
  fullRefundUntil,
  isCancellationPolicy,
  policyWindows,
  refundOnCancellation,
  shareOf,
  startInstant,
  windowAt,
} from './cancellation-policy';

const START_DATE = '2030-06-10';
const START = Date.parse('2030-06-10T00:00:00.000Z');
const HOUR = 3_600_000;
const at = (msBeforeStart: number) => new Date(START - msBeforeStart);

/** A renter cancelling an accepted rental of 10,001 (odd: halves round down) with a fee of 1,000. */
const renterCase = (policy: CancellationPolicy, when: Date): CancellationCase => ({
  policy,
  startDate: START_DATE,
  subtotal: 10_001,
  platformFee: 1_000,
  from: 'accepted',
  by: 'renter',
  at: when,
});

describe('cancellation policy: the start instant', () => {
  it('is 00:00 UTC of the start date, whatever the local time zone', () => {
    expect(startInstant(START_DATE).toISOString()).toBe('2030-06-10T00:00:00.000Z');
  });

  it('crosses daylight saving and leap days as plain UTC days', () => {
    expect(startInstant('2030-03-31').toISOString()).toBe('2030-03-31T00:00:00.000Z');
    expect(startInstant('2028-02-29').toISOString()).toBe('2028-02-29T00:00:00.000Z');
  });
});

describe('cancellation policy: the tiers', () => {
  it('has the three documented policies, and nothing else is one', () => {
    expect(CANCELLATION_POLICIES).toEqual(['flexible', 'moderate', 'strict']);
    expect(isCancellationPolicy('moderate')).toBe(true);
    expect(isCancellationPolicy('lenient')).toBe(false);
    expect(isCancellationPolicy('Strict')).toBe(false);
    expect(isCancellationPolicy(undefined)).toBe(false);
  });

  it.each(CANCELLATION_POLICIES)(
    '%s: cut-offs come closer to the start and refunds only shrink',
    (policy) => {
      const { steps, finalPercent } = POLICY_TIERS[policy];
      const percents = [...steps.map((s) => s.refundPercent), finalPercent];
      for (let i = 1; i < steps.length; i++)
        expect(steps[i].hoursBefore).toBeLessThan(steps[i - 1].hoursBefore);
      for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeLessThanOrEqual(percents[i - 1]);
      // A full refund always has a cut-off: the last tier never refunds everything.
      expect(finalPercent).toBeLessThan(100);
    },
  );

  it('lays the windows of a stay out as instants, earliest first', () => {
    const iso = (policy: CancellationPolicy) =>
      policyWindows(policy, START_DATE).map((w) => [w.until?.toISOString() ?? null, w.refundPercent]);
    expect(iso('flexible')).toEqual([
      ['2030-06-09T00:00:00.000Z', 100],
      [null, 50],
    ]);
    expect(iso('moderate')).toEqual([
      ['2030-06-05T00:00:00.000Z', 100],
      ['2030-06-09T00:00:00.000Z', 50],
      [null, 0],
    ]);
    expect(iso('strict')).toEqual([
      ['2030-06-03T00:00:00.000Z', 50],
      [null, 0],
    ]);
  });
});

describe('cancellation policy: a renter cancelling after acceptance', () => {
  // Each cut-off: exactly at it, one millisecond before (earlier), one millisecond after (later).
  it.each([
    ['flexible', '24 h + 1 ms', 100, 10_001, 24 * HOUR + 1],
    ['flexible', '24 h', 100, 10_001, 24 * HOUR],
    ['flexible', '24 h - 1 ms', 50, 5_000, 24 * HOUR - 1],
    ['flexible', '1 ms', 50, 5_000, 1],
    ['flexible', '0 ms', 50, 5_000, 0], // at the start instant
    ['flexible', '-1 ms', 50, 5_000, -1], // started, not yet handed over
    ['flexible', '-30 days', 50, 5_000, -30 * 24 * HOUR],
    ['moderate', '30 days', 100, 10_001, 30 * 24 * HOUR],
    ['moderate', '120 h + 1 ms', 100, 10_001, 120 * HOUR + 1],
    ['moderate', '120 h', 100, 10_001, 120 * HOUR],
    ['moderate', '120 h - 1 ms', 50, 5_000, 120 * HOUR - 1],
    ['moderate', '24 h + 1 ms', 50, 5_000, 24 * HOUR + 1],
    ['moderate', '24 h', 50, 5_000, 24 * HOUR],
    ['moderate', '24 h - 1 ms', 0, 0, 24 * HOUR - 1],
    ['moderate', '-1 ms', 0, 0, -1],
    ['strict', '365 days', 50, 5_000, 365 * 24 * HOUR],
    ['strict', '168 h + 1 ms', 50, 5_000, 168 * HOUR + 1],
    ['strict', '168 h', 50, 5_000, 168 * HOUR],
    ['strict', '168 h - 1 ms', 0, 0, 168 * HOUR - 1],
    ['strict', '0 ms', 0, 0, 0],
  ] as [CancellationPolicy, string, number, number, number][])(
    '%s, %s before the start: %i%% of the subtotal, %i',
    (policy, _label, percent, amount, msBefore) => {
      const refund = refundOnCancellation(renterCase(policy, at(msBefore)));
      expect(refund).toMatchObject({
        policy,
        basis: 'policy',
        refundPercent: percent,
        amount,
        platformFeeRefunded: false,
      });
    },
  );

  it('says until when the answer holds: the cut-off of its window, none for the last one', () => {
    expect(refundOnCancellation(renterCase('moderate', at(200 * HOUR))).until?.toISOString()).toBe(
      '2030-06-05T00:00:00.000Z',
    );
    expect(refundOnCancellation(renterCase('moderate', at(100 * HOUR))).until?.toISOString()).toBe(
      '2030-06-09T00:00:00.000Z',
    );
    expect(refundOnCancellation(renterCase('moderate', at(HOUR))).until).toBeNull();
  });

  it('never refunds the platform fee, and rounds the share down to a minor unit', () => {
    expect(shareOf(10_001, 50)).toBe(5_000);
    expect(shareOf(1, 50)).toBe(0);
    expect(shareOf(0, 100)).toBe(0);
    // A year at the catalog's highest daily price stays exact.
    expect(shareOf(365 * 100_000_000 + 1, 50)).toBe(18_250_000_000);
    const full = refundOnCancellation(renterCase('flexible', at(48 * HOUR)));
    expect(full.amount).toBe(10_001);
  });

  it('treats a stay starting today as started: the last tier applies from the moment it is booked', () => {
    const booked = new Date('2030-06-10T09:30:00.000Z');
    expect(windowAt('flexible', START_DATE, booked)).toEqual({ until: null, refundPercent: 50 });
    expect(windowAt('strict', START_DATE, booked)).toEqual({ until: null, refundPercent: 0 });
    // The evening before it is still within 24 hours of 00:00 UTC.
    expect(windowAt('flexible', START_DATE, new Date('2030-06-09T23:59:59.999Z')).refundPercent).toBe(50);
    expect(windowAt('flexible', START_DATE, new Date('2030-06-09T00:00:00.000Z')).refundPercent).toBe(100);
  });

  it('reads instants, not local clocks: the same moment written in two time zones gets one answer', () => {
    const inLisbonSummer = new Date('2030-06-09T01:00:00.000+01:00'); // 00:00 UTC: the cut-off itself
    const inTokyo = new Date('2030-06-09T09:00:00.001+09:00'); // 1 ms after it
    expect(windowAt('flexible', START_DATE, inLisbonSummer).refundPercent).toBe(100);
    expect(windowAt('flexible', START_DATE, inTokyo).refundPercent).toBe(50);
  });
});

describe('cancellation policy: everything back', () => {
  it.each(CANCELLATION_POLICIES)(
    '%s: the owner cancelling refunds subtotal and fee, even after the start',
    (policy) => {
      for (const msBefore of [365 * 24 * HOUR, 24 * HOUR, 0, -HOUR]) {
        expect(refundOnCancellation({ ...renterCase(policy, at(msBefore)), by: 'owner' })).toEqual({
          policy,
          basis: 'owner',
          refundPercent: 100,
          amount: 11_001,
          platformFeeRefunded: true,
          until: null,
        });
      }
    },
  );

  it.each(CANCELLATION_POLICIES)(
    '%s: cancelling a request (nothing captured) gives everything back',
    (policy) => {
      for (const by of ['renter', 'owner'] as const) {
        expect(refundOnCancellation({ ...renterCase(policy, at(-HOUR)), from: 'requested', by })).toEqual({
          policy,
          basis: 'before_acceptance',
          refundPercent: 100,
          amount: 11_001,
          platformFeeRefunded: true,
          until: null,
        });
      }
    },
  );
});

describe('cancellation policy: full refund until', () => {
  it.each([
    ['flexible', '48 h', '2030-06-09T00:00:00.000Z', 48 * HOUR],
    ['flexible', '24 h', '2030-06-09T00:00:00.000Z', 24 * HOUR],
    ['flexible', '24 h - 1 ms', null, 24 * HOUR - 1],
    ['moderate', '120 h', '2030-06-05T00:00:00.000Z', 120 * HOUR],
    ['moderate', '120 h - 1 ms', null, 120 * HOUR - 1],
    ['strict', '365 days', null, 365 * 24 * HOUR], // strict never refunds in full
  ] as [CancellationPolicy, string, string | null, number][])(
    '%s, %s before the start: %s',
    (policy, _label, until, msBefore) => {
      expect(fullRefundUntil(policy, START_DATE, at(msBefore))?.toISOString() ?? null).toBe(until);
    },
  );
});
