/**
 * Reviews are written within a window after the rental completes: long enough to reflect, short
 * enough that memories (and the double-blind wait) stay fresh. Airbnb and Sharetribe use 14 days.
 * It belongs in configuration as REVIEW_WINDOW_DAYS; until the platform config has it, this is
 * the one place to change.
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
