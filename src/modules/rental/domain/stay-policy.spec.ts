import { heldRange, stayViolations } from './stay-policy';

const rules = { minDays: 2, maxDays: 10, leadTimeDays: 1 };
const today = '2030-06-10';
const codes = (startDate: string, endDate: string, r = rules) =>
  stayViolations({ startDate, endDate }, r, today).map((v) => v.code);

describe('stay policy', () => {
  it.each([
    ['2030-06-11', '2030-06-13', []],
    ['2030-06-11', '2030-06-21', []], // exactly maxDays
    ['2030-06-12', '2030-06-11', ['RENTAL.INVALID_RANGE']],
    ['2030-06-12', '2030-06-12', ['RENTAL.INVALID_RANGE']],
    ['2030-06-09', '2030-06-12', ['RENTAL.DATES_IN_PAST']],
    ['2030-06-10', '2030-06-12', ['RENTAL.LEAD_TIME']], // today, but a day of notice is needed
    ['2030-06-11', '2030-06-12', ['RENTAL.TOO_SHORT']],
    ['2030-06-11', '2030-06-22', ['RENTAL.TOO_LONG']],
    ['2030-06-08', '2030-06-09', ['RENTAL.DATES_IN_PAST', 'RENTAL.TOO_SHORT']],
    ['2032-06-10', '2032-06-12', ['RENTAL.TOO_FAR_AHEAD']],
  ])('%s → %s breaks %j', (start, end, expected) => {
    expect(codes(start, end)).toEqual(expected);
  });

  it('allows a same-day start without lead time', () => {
    expect(codes('2030-06-10', '2030-06-12', { ...rules, leadTimeDays: 0 })).toEqual([]);
  });

  it('names the earliest start when notice is too short', () => {
    const [violation] = stayViolations(
      { startDate: '2030-06-11', endDate: '2030-06-14' },
      { ...rules, leadTimeDays: 3 },
      today,
    );
    expect(violation).toEqual({
      code: 'RENTAL.LEAD_TIME',
      field: 'startDate',
      message: 'The owner needs 3 days of notice: the earliest start is 2030-06-13',
    });
  });

  it.each([
    [0, '2030-06-14'],
    [2, '2030-06-16'],
  ])('holds the stay plus %i buffer days', (buffer, end) => {
    expect(heldRange({ startDate: '2030-06-11', endDate: '2030-06-14' }, buffer)).toEqual({
      startDate: '2030-06-11',
      endDate: end,
    });
  });
});
