import type { SanctionKind } from './trust-vocabulary';

/** A suspension lasts at most a year; longer is a ban, which a moderator decides as such. */
export const MAX_SUSPENSION_DAYS = 365;
const DAY_MS = 86_400_000;

export interface TermViolation {
  field: 'until';
  message: string;
}

/**
 * What is wrong with a sanction's term: a suspension ends at `until`, in the future and within
 * MAX_SUSPENSION_DAYS; a warning and a ban take no end (a ban lasts until lifted).
 */
export function sanctionTermViolations(kind: SanctionKind, until: Date | null, now: Date): TermViolation[] {
  if (kind !== 'suspension')
    return until === null ? [] : [{ field: 'until', message: `until must not be given for a ${kind}` }];
  if (until === null) return [{ field: 'until', message: 'until is required for a suspension' }];
  if (Number.isNaN(until.getTime())) return [{ field: 'until', message: 'until must be a date-time' }];
  if (until.getTime() <= now.getTime()) return [{ field: 'until', message: 'until must be in the future' }];
  if (until.getTime() > now.getTime() + MAX_SUSPENSION_DAYS * DAY_MS)
    return [
      { field: 'until', message: `until must be within ${MAX_SUSPENSION_DAYS} days; a longer one is a ban` },
    ];
  return [];
}

/** A suspension or a ban as the restriction rules see it. */
export interface RestrictingSanction {
  id: string;
  kind: 'suspension' | 'ban';
  /** A suspension's end; null for a ban. */
  endsAt: Date | null;
}

/** A user's restriction as a whole, and the sanction that decides how long it lasts. */
export interface Restriction {
  /** The latest end of the suspensions, null while any ban stands. */
  until: Date | null;
  /** A ban when one stands, otherwise the suspension that ends last. */
  governing: RestrictingSanction;
}

/** The restriction these sanctions make together, or null when there are none. */
export function restrictionOf(sanctions: readonly RestrictingSanction[]): Restriction | null {
  let governing: RestrictingSanction | null = null;
  for (const s of sanctions) {
    if (governing?.kind === 'ban') break;
    if (s.kind === 'ban' || governing === null || (s.endsAt as Date) > (governing.endsAt as Date))
      governing = s;
  }
  return governing && { until: governing.endsAt, governing };
}

/** Whether a suspension or ban still restricts at `now` (lifted ones are filtered out before). */
export const standsAt = (sanction: RestrictingSanction, now: Date): boolean =>
  sanction.endsAt === null || sanction.endsAt.getTime() > now.getTime();

/**
 * What the other contexts must be told when a user's restriction went from `before` (as last told)
 * to `after`: reinstated when none is left; the restriction again when its end moved (a lift of the
 * ban or of the longest suspension while others stand); nothing when it did not change.
 */
export function changeToTell(
  before: Restriction | null,
  after: Restriction | null,
): 'reinstated' | 'restricted' | 'nothing' {
  if (after === null) return before === null ? 'nothing' : 'reinstated';
  if (before === null || before.until?.getTime() !== after.until?.getTime()) return 'restricted';
  return 'nothing';
}
