import { onSubmission, visibilityOf } from './double-blind';

const closes = new Date('2026-03-24T12:00:00.000Z');

describe('double-blind visibility', () => {
  it.each([
    [false, '2026-03-12T00:00:00.000Z', 'hidden'],
    [false, '2026-03-24T11:59:59.999Z', 'hidden'],
    [false, '2026-03-24T12:00:00.000Z', 'visible'],
    [false, '2026-05-01T00:00:00.000Z', 'visible'],
    [true, '2026-03-12T00:00:00.000Z', 'visible'],
    [true, '2026-05-01T00:00:00.000Z', 'visible'],
  ])('counterpart written=%s at %s: %s', (counterpartWritten, now, expected) => {
    expect(visibilityOf({ counterpartWritten, windowClosesAt: closes }, new Date(now))).toBe(expected);
  });

  it('reveals both reviews when the second one arrives, and only then', () => {
    expect(onSubmission(false)).toBe('stay-hidden');
    expect(onSubmission(true)).toBe('reveal-both');
  });
});
