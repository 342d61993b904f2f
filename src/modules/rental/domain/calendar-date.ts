/**
 * Calendar days as ISO `YYYY-MM-DD` strings. A rental's range is start inclusive, end exclusive,
 * the same convention as PostgreSQL's `daterange '[)'`, so a stay of 3 nights is [1st, 4th).
 * Arithmetic goes through whole days since the epoch in UTC, so no time zone or DST can shift a day.
 */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar day written `YYYY-MM-DD` (2025-02-30 is not one). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1970) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function toDayNumber(date: string): number {
  if (!isCalendarDate(date)) throw new Error(`Not a calendar date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `start` to `end` (negative when end is earlier). */
export function daysBetween(start: string, end: string): number {
  return toDayNumber(end) - toDayNumber(start);
}

/** "Today" for every date rule is the UTC calendar day of `now`. */
export function utcToday(now: Date): string {
  return now.toISOString().slice(0, 10);
}
