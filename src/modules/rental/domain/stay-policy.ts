import { addDays, daysBetween } from './calendar-date';
import { MAX_ADVANCE_DAYS } from './rental-rules';

export interface StayRange {
  /** First rented day, inclusive. */
  startDate: string;
  /** The day the item is back, exclusive. */
  endDate: string;
}

export interface StayRules {
  minDays: number;
  maxDays: number;
  leadTimeDays: number;
}

export type StayViolationCode =
  | 'RENTAL.INVALID_RANGE'
  | 'RENTAL.DATES_IN_PAST'
  | 'RENTAL.LEAD_TIME'
  | 'RENTAL.TOO_FAR_AHEAD'
  | 'RENTAL.TOO_SHORT'
  | 'RENTAL.TOO_LONG';

export interface StayViolation {
  code: StayViolationCode;
  field: 'startDate' | 'endDate';
  message: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Every rule a stay breaks, most fundamental first. `today` is the UTC calendar day; the same
 * rules apply to availability checks and bookings so a check never promises what a booking refuses.
 */
export function stayViolations(range: StayRange, rules: StayRules, today: string): StayViolation[] {
  const days = daysBetween(range.startDate, range.endDate);
  if (days < 1) {
    return [{ code: 'RENTAL.INVALID_RANGE', field: 'endDate', message: 'endDate must be after startDate' }];
  }
  const violations: StayViolation[] = [];
  const earliest = addDays(today, rules.leadTimeDays);
  if (range.startDate < today) {
    violations.push({
      code: 'RENTAL.DATES_IN_PAST',
      field: 'startDate',
      message: `startDate ${range.startDate} is in the past (today is ${today}, UTC)`,
    });
  } else if (range.startDate < earliest) {
    violations.push({
      code: 'RENTAL.LEAD_TIME',
      field: 'startDate',
      message: `The owner needs ${plural(rules.leadTimeDays, 'day')} of notice: the earliest start is ${earliest}`,
    });
  }
  const latest = addDays(today, MAX_ADVANCE_DAYS);
  if (range.startDate > latest) {
    violations.push({
      code: 'RENTAL.TOO_FAR_AHEAD',
      field: 'startDate',
      message: `A rental may start at most ${MAX_ADVANCE_DAYS} days ahead (by ${latest})`,
    });
  }
  if (days < rules.minDays) {
    violations.push({
      code: 'RENTAL.TOO_SHORT',
      field: 'endDate',
      message: `This product is rented for at least ${plural(rules.minDays, 'day')}; ${plural(days, 'day')} requested`,
    });
  }
  if (days > rules.maxDays) {
    violations.push({
      code: 'RENTAL.TOO_LONG',
      field: 'endDate',
      message: `This product is rented for at most ${plural(rules.maxDays, 'day')}; ${plural(days, 'day')} requested`,
    });
  }
  return violations;
}

/** The days a rental keeps the product from others: its stay plus the owner's buffer after it. */
export function heldRange(range: StayRange, bufferDays: number): StayRange {
  return { startDate: range.startDate, endDate: addDays(range.endDate, bufferDays) };
}
