/**
 * Reviews are written within a window after the rental completes: long enough to reflect, short
 * enough that memories (and the double-blind wait) stay fresh. Airbnb and Sharetribe use 14 days.
 * The application passes the configured REVIEW_WINDOW_DAYS; this default is the same value, for
 * the domain's own tests and callers that need no other.
 */
export const REVIEW_WINDOW_DAYS = 14;

const DAY_MS = 86_400_000;

export function windowClosesAt(completedAt: Date, windowDays = REVIEW_WINDOW_DAYS): Date {
  return new Date(completedAt.getTime() + windowDays * DAY_MS);
}

/** Open from completion (inclusive) until the close (exclusive). */
export function isWindowOpen(completedAt: Date, now: Date, windowDays = REVIEW_WINDOW_DAYS): boolean {
  return now.getTime() >= completedAt.getTime() && now < windowClosesAt(completedAt, windowDays);
}
