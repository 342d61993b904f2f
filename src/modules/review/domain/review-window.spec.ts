import { isWindowOpen, REVIEW_WINDOW_DAYS, windowClosesAt } from './review-window';

const completedAt = new Date('2026-03-10T12:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('review window', () => {
  it('defaults to 14 days', () => {
    expect(REVIEW_WINDOW_DAYS).toBe(14);
    expect(windowClosesAt(completedAt).toISOString()).toBe('2026-03-24T12:00:00.000Z');
  });

  it.each([
    ['before completion', '2026-03-10T11:59:59.999Z', false],
    ['at completion', '2026-03-10T12:00:00.000Z', true],
    ['a week later', '2026-03-17T12:00:00.000Z', true],
    ['a millisecond before the close', '2026-03-24T11:59:59.999Z', true],
    ['at the close', '2026-03-24T12:00:00.000Z', false],
    ['a month later', '2026-04-10T12:00:00.000Z', false],
  ])('is %s: open=%s', (_, now, open) => {
    expect(isWindowOpen(completedAt, at(now))).toBe(open);
  });

  it('takes another length', () => {
    expect(windowClosesAt(completedAt, 3).toISOString()).toBe('2026-03-13T12:00:00.000Z');
    expect(isWindowOpen(completedAt, at('2026-03-13T11:00:00.000Z'), 3)).toBe(true);
    expect(isWindowOpen(completedAt, at('2026-03-13T12:00:00.000Z'), 3)).toBe(false);
  });
});
