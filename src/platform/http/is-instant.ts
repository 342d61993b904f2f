import type { ValidationOptions } from 'class-validator';
import { ValidateBy } from 'class-validator';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An instant as RFC 3339 writes it (`2026-01-31T10:00:00Z`, an offset, up to microseconds): a real
 * calendar day, a zone always (a zoneless time means whatever the server's zone is), years 1 to
 * 9999 so PostgreSQL can hold it.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(2000, month - 1, day));
  return (
    year >= 1 &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    !(month === 2 && day === 29 && !leap(year))
  );
}

const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: (args) => `${args?.property} must be a date-time like 2026-01-31T10:00:00Z`,
      },
    },
    options,
  );
}
