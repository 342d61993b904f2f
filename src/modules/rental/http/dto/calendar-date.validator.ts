import type { ValidationOptions } from 'class-validator';
import { ValidateBy } from 'class-validator';
import { isCalendarDate } from '../../domain/calendar-date';

/** A real calendar day written `YYYY-MM-DD` (no time, no zone). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a calendar date written YYYY-MM-DD`,
      },
    },
    options,
  );
}

export const DATE_DESCRIPTION =
  'Calendar day `YYYY-MM-DD`. A stay is [startDate, endDate): startDate is the first rented day, ' +
  'endDate the day the item is back (exclusive), so endDate - startDate is the number of rental days. ' +
  '"Today" for lead time and past-date rules is the current UTC date.';
