/**
 * When a message that could not be sent is tried again. SMTP servers answer 4xx while greylisting
 * or overloaded and outages last hours, so retries back off exponentially (2^attempts seconds,
 * jittered so a queue that failed together does not retry together), capped at an hour, and stop
 * after about three days: past that the links inside have expired anyway.
 */
export const MAIL_MAX_ATTEMPTS = 80;
export const MAIL_MAX_RETRY_DELAY_SECONDS = 3600;

/** Seconds to wait after the `attempts`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAIL_MAX_RETRY_DELAY_SECONDS, 2 ** Math.max(1, attempts));
  const jittered = base * (0.75 + 0.5 * random());
  return Math.max(1, Math.min(MAIL_MAX_RETRY_DELAY_SECONDS, Math.round(jittered)));
}

/**
 * A 5xx answer is the server's final word (no such mailbox, refused): retrying sends nothing
 * more. Anything else (4xx, refused or dropped connection, timeout) may pass later.
 */
export function isPermanentFailure(error: unknown): boolean {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

export type FailureOutcome = { status: 'failed' } | { status: 'pending'; retryInSeconds: number };

/** What becomes of a message whose `attempts`-th attempt failed with `error`. */
export function afterFailure(attempts: number, error: unknown, random?: () => number): FailureOutcome {
  if (isPermanentFailure(error) || attempts >= MAIL_MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', retryInSeconds: retryDelaySeconds(attempts, random) };
}
