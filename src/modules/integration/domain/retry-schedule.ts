/**
 * When a failed delivery is tried again: exponential backoff from one minute, doubling per failed
 * attempt up to six hours, with "equal jitter" (half the wait fixed, half random) so endpoints
 * that failed together do not all come back at the same second. A delivery is retried until its
 * deadline (its creation plus the retry window, 72 h by default), the last attempt at the deadline
 * itself; after that it is given up.
 */
export const FIRST_RETRY_SECONDS = 60;
export const LONGEST_RETRY_SECONDS = 6 * 3600;

/** The wait after the `failures`-th failed attempt (1 for the first), `random` in [0, 1). */
export function retryDelaySeconds(failures: number, random: number): number {
  const ceiling = Math.min(LONGEST_RETRY_SECONDS, FIRST_RETRY_SECONDS * 2 ** Math.min(failures - 1, 20));
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** The next attempt, or null when the delivery is to be given up. */
export function nextAttemptAt(now: Date, deadline: Date, failures: number, random: number): Date | null {
  if (now.getTime() >= deadline.getTime()) return null;
  const next = now.getTime() + retryDelaySeconds(failures, random) * 1000;
  return new Date(Math.min(next, deadline.getTime()));
}
