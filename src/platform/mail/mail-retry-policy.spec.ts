import {
  afterFailure,
  isPermanentFailure,
  MAIL_MAX_ATTEMPTS,
  MAIL_MAX_RETRY_DELAY_SECONDS,
  retryDelaySeconds,
} from './mail-retry-policy';

describe('mail retry policy', () => {
  it('doubles the wait with each attempt, jittered within ±25 %, capped at an hour', () => {
    expect(retryDelaySeconds(1, () => 0.5)).toBe(2);
    expect(retryDelaySeconds(2, () => 0.5)).toBe(4);
    expect(retryDelaySeconds(5, () => 0.5)).toBe(32);
    expect(retryDelaySeconds(5, () => 0)).toBe(24);
    expect(retryDelaySeconds(5, () => 0.999)).toBe(40);
    expect(retryDelaySeconds(12, () => 0.5)).toBe(MAIL_MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(40, () => 0.999)).toBe(MAIL_MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1, () => 0)).toBeGreaterThanOrEqual(1);
  });

  it('gives up after about three days of attempts', () => {
    let total = 0;
    for (let attempt = 1; attempt < MAIL_MAX_ATTEMPTS; attempt++)
      total += retryDelaySeconds(attempt, () => 0.5);
    const days = total / 86_400;
    expect(days).toBeGreaterThan(2.5);
    expect(days).toBeLessThan(3.5);
  });

  it('retries temporary failures and connection errors, not 5xx answers', () => {
    expect(isPermanentFailure({ responseCode: 550 })).toBe(true);
    expect(isPermanentFailure({ responseCode: 451 })).toBe(false);
    expect(isPermanentFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(
      false,
    );
    expect(isPermanentFailure(null)).toBe(false);
    expect(afterFailure(1, { responseCode: 451 }, () => 0.5)).toEqual({
      status: 'pending',
      retryInSeconds: 2,
    });
    expect(afterFailure(1, { responseCode: 550 })).toEqual({ status: 'failed' });
    expect(afterFailure(MAIL_MAX_ATTEMPTS, { responseCode: 421 })).toEqual({ status: 'failed' });
  });
});
