import {
  actionFitsTarget,
  decisionProblems,
  MODERATION_ACTIONS,
  outcomeOf,
  resolutionOf,
  sanctionOf,
} from './moderation-rules';
import { REPORT_TARGET_TYPES } from './trust-vocabulary';

const NOW = new Date('2026-03-01T12:00:00.000Z');
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);

describe('actionFitsTarget', () => {
  it('hides listings only, and removes messages and reviews only', () => {
    const fits = (action: (typeof MODERATION_ACTIONS)[number]) =>
      REPORT_TARGET_TYPES.filter((type) => actionFitsTarget(action, type));
    expect(fits('hide_listing')).toEqual(['listing']);
    expect(fits('remove_content')).toEqual(['message', 'review']);
  });

  it.each(['dismiss', 'warn', 'suspend', 'ban'] as const)('lets %s apply to every target', (action) => {
    expect(REPORT_TARGET_TYPES.every((type) => actionFitsTarget(action, type))).toBe(true);
  });
});

describe('what a decision records', () => {
  it('closes a dismissed report as dismissed and every other as actioned', () => {
    expect(MODERATION_ACTIONS.map((a) => [a, outcomeOf(a), resolutionOf(a), sanctionOf(a)])).toEqual([
      ['dismiss', 'dismissed', 'dismissed', null],
      ['hide_listing', 'actioned', 'listing_hidden', null],
      ['remove_content', 'actioned', 'content_removed', null],
      ['warn', 'actioned', 'warning', 'warning'],
      ['suspend', 'actioned', 'suspension', 'suspension'],
      ['ban', 'actioned', 'ban', 'ban'],
    ]);
  });
});

describe('decisionProblems', () => {
  it('lets a dismissal go without a reason', () => {
    expect(decisionProblems({ action: 'dismiss' }, NOW)).toEqual([]);
    expect(decisionProblems({ action: 'dismiss', reason: null }, NOW)).toEqual([]);
  });

  it.each(['hide_listing', 'remove_content', 'warn', 'ban'] as const)(
    'needs a reason that says something to %s',
    (action) => {
      for (const reason of [undefined, null, '', '  \n'])
        expect(decisionProblems({ action, reason }, NOW)).toEqual([
          { field: 'reason', message: `reason is required to ${action}` },
        ]);
      expect(decisionProblems({ action, reason: 'r' }, NOW)).toEqual([]);
    },
  );

  it('needs a suspension end after now and at most 365 days ahead', () => {
    const suspend = (until: Date | null) => decisionProblems({ action: 'suspend', reason: 'r', until }, NOW);
    expect(suspend(null)).toEqual([{ field: 'until', message: 'until is required to suspend' }]);
    expect(suspend(NOW)).toEqual([{ field: 'until', message: 'until must be in the future' }]);
    expect(suspend(at(-1))).toEqual([{ field: 'until', message: 'until must be in the future' }]);
    expect(suspend(at(1))).toEqual([]);
    expect(suspend(at(365 * DAY))).toEqual([]);
    expect(suspend(at(365 * DAY + 1))).toEqual([
      { field: 'until', message: 'until must be at most 365 days ahead' },
    ]);
  });

  it.each(['dismiss', 'hide_listing', 'remove_content', 'warn', 'ban'] as const)(
    'refuses an end for %s, which has none',
    (action) => {
      expect(decisionProblems({ action, reason: 'r', until: at(DAY) }, NOW)).toEqual([
        { field: 'until', message: 'until applies to suspend only' },
      ]);
    },
  );

  it('names every problem at once', () => {
    expect(decisionProblems({ action: 'suspend', until: at(-DAY) }, NOW).map((p) => p.field)).toEqual([
      'reason',
      'until',
    ]);
  });
});
