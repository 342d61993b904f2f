import { addDays, daysBetween, isCalendarDate, utcToday } from './calendar-date';

describe('calendar dates', () => {
  it.each([
    ['2030-01-31', true],
    ['2028-02-29', true],
    ['2030-02-29', false],
    ['2030-13-01', false],
    ['2030-04-31', false],
    ['2030-1-01', false],
    ['2030-01-01T00:00:00Z', false],
    ['', false],
    [20300101, false],
  ])('%p is a calendar date: %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });

  it.each([
    ['2030-01-31', 1, '2030-02-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2030-12-31', 1, '2031-01-01'],
    ['2030-03-30', 2, '2030-04-01'], // across a European DST change
    ['2030-03-01', -1, '2030-02-28'],
  ])('%s + %i day(s) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it('takes today from the UTC day, whatever the local time zone', () => {
    expect(utcToday(new Date('2030-06-10T23:59:59-05:00'))).toBe('2030-06-11');
    expect(utcToday(new Date('2030-06-10T00:30:00+02:00'))).toBe('2030-06-09');
  });
});
