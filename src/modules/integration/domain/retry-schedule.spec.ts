import { LONGEST_RETRY_SECONDS, nextAttemptAt, retryDelaySeconds } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('doubles from a minute up to six hours, between half and all of each step', () => {
    const lows = [1, 2, 3, 4, 5, 10, 30].map((n) => retryDelaySeconds(n, 0));
    const highs = [1, 2, 3, 4, 5, 10, 30].map((n) => retryDelaySeconds(n, 0.999999));
    expect(lows).toEqual([30, 60, 120, 240, 480, 10800, 10800]);
    expect(highs).toEqual([60, 120, 240, 480, 960, 21600, 21600]);
    expect(retryDelaySeconds(200, 0.5)).toBeLessThanOrEqual(LONGEST_RETRY_SECONDS);
  });

  it('jitters: the same failure count spreads over its window', () => {
    const delays = new Set(Array.from({ length: 50 }, (_, i) => retryDelaySeconds(6, i / 50)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('retries until the deadline, the last attempt at the deadline, then gives up', () => {
    const created = new Date('2026-01-01T00:00:00Z');
    const deadline = new Date(created.getTime() + 72 * 3600_000);
    let now = created;
    let failures = 0;
    const attempts: Date[] = [now];
    for (;;) {
      failures++;
      const next = nextAttemptAt(now, deadline, failures, 0.5);
      if (!next) break;
      attempts.push(next);
      now = next;
    }
    expect(attempts.at(-1)).toEqual(deadline);
    expect(attempts.length).toBeGreaterThan(12);
    expect(attempts.length).toBeLessThan(30);
    for (let i = 1; i < attempts.length; i++) expect(attempts[i] > attempts[i - 1]).toBe(true);
  });
});
