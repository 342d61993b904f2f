import type { RestrictingSanction } from './sanction-rules';
import { changeToTell, restrictionOf, sanctionTermViolations, standsAt } from './sanction-rules';

const now = new Date('2026-03-01T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const suspension = (id: string, endsAt: Date): RestrictingSanction => ({ id, kind: 'suspension', endsAt });
const ban = (id: string): RestrictingSanction => ({ id, kind: 'ban', endsAt: null });

describe('sanctionTermViolations', () => {
  it('accepts a suspension ending in the future, up to 365 days on', () => {
    expect(sanctionTermViolations('suspension', days(1), now)).toEqual([]);
    expect(sanctionTermViolations('suspension', days(365), now)).toEqual([]);
  });

  it('refuses a suspension without an end, ending now or before, or beyond 365 days', () => {
    for (const until of [null, now, days(-1), new Date(days(365).getTime() + 1), new Date('nope')])
      expect(sanctionTermViolations('suspension', until, now)).toEqual([
        { field: 'until', message: expect.any(String) },
      ]);
  });

  it('refuses an end for a warning or a ban, and needs none', () => {
    expect(sanctionTermViolations('warning', null, now)).toEqual([]);
    expect(sanctionTermViolations('ban', null, now)).toEqual([]);
    expect(sanctionTermViolations('warning', days(3), now)[0].message).toBe(
      'until must not be given for a warning',
    );
    expect(sanctionTermViolations('ban', days(3), now)[0].message).toBe('until must not be given for a ban');
  });
});

describe('restrictionOf', () => {
  it('is null without sanctions', () => {
    expect(restrictionOf([])).toBeNull();
  });

  it('lasts until the latest end of the suspensions', () => {
    const short = suspension('a', days(2));
    const long = suspension('b', days(9));
    expect(restrictionOf([short, long])).toEqual({ until: days(9), governing: long });
    expect(restrictionOf([long, short])).toEqual({ until: days(9), governing: long });
  });

  it('has no end while a ban stands, whatever the suspensions', () => {
    const b = ban('c');
    expect(restrictionOf([suspension('a', days(2)), b, suspension('d', days(300))])).toEqual({
      until: null,
      governing: b,
    });
  });
});

describe('standsAt', () => {
  it('holds a suspension until its end (exclusive) and a ban always', () => {
    expect(standsAt(suspension('a', days(1)), now)).toBe(true);
    expect(standsAt(suspension('a', now), now)).toBe(false);
    expect(standsAt(ban('b'), days(1000))).toBe(true);
  });
});

describe('changeToTell', () => {
  const r = (until: Date | null) => ({ until, governing: until ? suspension('x', until) : ban('y') });

  it('reinstates only a user who was restricted and is no more', () => {
    expect(changeToTell(r(days(1)), null)).toBe('reinstated');
    expect(changeToTell(r(null), null)).toBe('reinstated');
    expect(changeToTell(null, null)).toBe('nothing');
  });

  it('tells the restriction again only when its end moved', () => {
    expect(changeToTell(null, r(days(1)))).toBe('restricted');
    expect(changeToTell(r(null), r(days(4)))).toBe('restricted');
    expect(changeToTell(r(days(9)), r(days(4)))).toBe('restricted');
    expect(changeToTell(r(days(4)), r(days(4)))).toBe('nothing');
    expect(changeToTell(r(null), r(null))).toBe('nothing');
  });
});
