const DAY_MS = 86_400_000;

/**
 * A calendar day (`YYYY-MM-DD`, UTC) `daysFromToday` after the day the OpenAPI document is built,
 * for the examples of dates that rules judge against today (no stay in the past, none beyond the
 * booking horizon): a fixed date in an example drifts out of those rules and the documented request
 * is refused. test/contract/openapi-examples sends every example, so offsets must satisfy them all.
 */
export function exampleDay(daysFromToday: number, now = new Date()): string {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(today + daysFromToday * DAY_MS).toISOString().slice(0, 10);
}

/** The documented stay: a month ahead (past any lead time), three days (within any minimum stay). */
export const EXAMPLE_STAY = { start: 30, end: 33 } as const;

/** The documented block: two months ahead for a week, clear of the stay and of the 730-day horizon. */
export const EXAMPLE_BLOCK = { start: 60, end: 67 } as const;
