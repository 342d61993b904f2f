import { EXAMPLE_BLOCK, EXAMPLE_STAY, exampleDay } from './example-dates';

describe('exampleDay', () => {
  it('counts calendar days from the UTC date, whatever the time of day', () => {
    expect(exampleDay(30, new Date('2026-12-04T00:00:00Z'))).toBe('2027-01-03');
    expect(exampleDay(30, new Date('2026-12-04T23:59:59.999Z'))).toBe('2027-01-03');
    expect(exampleDay(0, new Date('2028-02-28T12:00:00Z'))).toBe('2028-02-28');
    expect(exampleDay(1, new Date('2028-02-28T12:00:00Z'))).toBe('2028-02-29');
  });

  it('documents a stay and a block that do not overlap, within the 730-day and 365-day rules', () => {
    expect(EXAMPLE_STAY.start).toBeGreaterThan(0);
    expect(EXAMPLE_STAY.end).toBeGreaterThan(EXAMPLE_STAY.start);
    expect(EXAMPLE_BLOCK.start).toBeGreaterThan(EXAMPLE_STAY.end);
    expect(EXAMPLE_BLOCK.start).toBeLessThanOrEqual(730);
    expect(EXAMPLE_BLOCK.end - EXAMPLE_BLOCK.start).toBeLessThanOrEqual(365);
  });
});
