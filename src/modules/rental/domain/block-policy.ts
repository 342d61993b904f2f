import { addDays, daysBetween } from './calendar-date';
import { MAX_ADVANCE_DAYS } from './rental-rules';
import type { StayRange } from './stay-policy';

/** Longer absences are better expressed by pausing the listing. */
export const MAX_BLOCK_DAYS = 365;

export type BlockViolationCode =
  'RENTAL.INVALID_RANGE' | 'RENTAL.DATES_IN_PAST' | 'RENTAL.BLOCK_TOO_FAR_AHEAD' | 'RENTAL.BLOCK_TOO_LONG';

export interface BlockViolation {
  code: BlockViolationCode;
  field: 'startDate' | 'endDate';
  message: string;
}

/**
 * Every rule an owner's block breaks, each with its own code and the field at fault (a 7-day block
 * starting too far ahead is about its startDate, not its length). `today` is the UTC calendar day.
 */
export function blockViolations(range: StayRange, today: string): BlockViolation[] {
  const days = daysBetween(range.startDate, range.endDate);
  if (days < 1) {
    return [{ code: 'RENTAL.INVALID_RANGE', field: 'endDate', message: 'endDate must be after startDate' }];
  }
  const violations: BlockViolation[] = [];
  if (range.startDate < today) {
    violations.push({
      code: 'RENTAL.DATES_IN_PAST',
      field: 'startDate',
      message: `A block cannot start before today (${today}, UTC)`,
    });
  }
  const latest = addDays(today, MAX_ADVANCE_DAYS);
  if (range.startDate > latest) {
    violations.push({
      code: 'RENTAL.BLOCK_TOO_FAR_AHEAD',
      field: 'startDate',
      message: `A block may start at most ${MAX_ADVANCE_DAYS} days ahead (by ${latest})`,
    });
  }
  if (days > MAX_BLOCK_DAYS) {
    violations.push({
      code: 'RENTAL.BLOCK_TOO_LONG',
      field: 'endDate',
      message: `A block lasts at most ${MAX_BLOCK_DAYS} days (${days} asked); pause the listing for longer`,
    });
  }
  return violations;
}
