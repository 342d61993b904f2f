import { addDays } from './calendar-date';
import { blockViolations, MAX_BLOCK_DAYS } from './block-policy';
import { MAX_ADVANCE_DAYS } from './rental-rules';

const today = '2030-06-10';
const codes = (startDate: string, endDate: string) =>
  blockViolations({ startDate, endDate }, today).map((v) => [v.code, v.field]);

describe('blockViolations', () => {
  it('accepts a block from today, and one day long', () => {
    expect(codes(today, '2030-06-11')).toEqual([]);
  });

  it('refuses an empty or reversed range, and only that', () => {
    expect(codes('2030-06-12', '2030-06-12')).toEqual([['RENTAL.INVALID_RANGE', 'endDate']]);
    expect(codes('2030-06-12', '2030-06-11')).toEqual([['RENTAL.INVALID_RANGE', 'endDate']]);
  });

  it('refuses a start before today, blaming startDate', () => {
    expect(codes('2030-06-09', '2030-06-12')).toEqual([['RENTAL.DATES_IN_PAST', 'startDate']]);
  });

  it(`allows a start exactly ${MAX_ADVANCE_DAYS} days ahead, refuses a day later, blaming startDate`, () => {
    const latest = addDays(today, MAX_ADVANCE_DAYS);
    expect(codes(latest, addDays(latest, 7))).toEqual([]);
    const tooFar = addDays(latest, 1);
    expect(codes(tooFar, addDays(tooFar, 7))).toEqual([['RENTAL.BLOCK_TOO_FAR_AHEAD', 'startDate']]);
  });

  it(`allows ${MAX_BLOCK_DAYS} days, refuses ${MAX_BLOCK_DAYS + 1}, blaming endDate`, () => {
    expect(codes(today, addDays(today, MAX_BLOCK_DAYS))).toEqual([]);
    expect(codes(today, addDays(today, MAX_BLOCK_DAYS + 1))).toEqual([['RENTAL.BLOCK_TOO_LONG', 'endDate']]);
  });

  it('names every rule broken at once', () => {
    const tooFar = addDays(today, MAX_ADVANCE_DAYS + 1);
    expect(codes(tooFar, addDays(tooFar, MAX_BLOCK_DAYS + 1))).toEqual([
      ['RENTAL.BLOCK_TOO_FAR_AHEAD', 'startDate'],
      ['RENTAL.BLOCK_TOO_LONG', 'endDate'],
    ]);
  });
});
