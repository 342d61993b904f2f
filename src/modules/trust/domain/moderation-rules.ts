import type { FieldProblem } from './report-rules';
import type { ReportResolution, ReportStatus, ReportTargetType, SanctionKind } from './trust-vocabulary';

/** What a moderator can do about a report. */
export const MODERATION_ACTIONS = [
  'dismiss',
  'hide_listing',
  'remove_content',
  'warn',
  'suspend',
  'ban',
] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** The reason shown to the affected person: a few sentences. */
export const DECISION_REASON_MAX_LENGTH = 1000;
/** The moderator's internal note. */
export const DECISION_NOTE_MAX_LENGTH = 2000;
/** The longest suspension; anything longer is a ban, decided as one. */
export const SUSPENSION_MAX_DAYS = 365;

const DAY_MS = 86_400_000;

/** The targets each action applies to; sanctions reach the person behind any target. */
const TARGETS: Record<ModerationAction, readonly ReportTargetType[]> = {
  dismiss: ['listing', 'user', 'message', 'review'],
  hide_listing: ['listing'],
  remove_content: ['message', 'review'],
  warn: ['listing', 'user', 'message', 'review'],
  suspend: ['listing', 'user', 'message', 'review'],
  ban: ['listing', 'user', 'message', 'review'],
};

const RESOLUTIONS: Record<ModerationAction, ReportResolution> = {
  dismiss: 'dismissed',
  hide_listing: 'listing_hidden',
  remove_content: 'content_removed',
  warn: 'warning',
  suspend: 'suspension',
  ban: 'ban',
};

const SANCTIONS: Partial<Record<ModerationAction, SanctionKind>> = {
  warn: 'warning',
  suspend: 'suspension',
  ban: 'ban',
};

export const actionFitsTarget = (action: ModerationAction, targetType: ReportTargetType): boolean =>
  TARGETS[action].includes(targetType);

export const resolutionOf = (action: ModerationAction): ReportResolution => RESOLUTIONS[action];

/** Dismissing closes a report with nothing done; anything else closes it as actioned. */
export const outcomeOf = (action: ModerationAction): Exclude<ReportStatus, 'open'> =>
  action === 'dismiss' ? 'dismissed' : 'actioned';

/** The sanction an action imposes on the target's author, if it is one. */
export const sanctionOf = (action: ModerationAction): SanctionKind | null => SANCTIONS[action] ?? null;

export interface DecisionInput {
  action: ModerationAction;
  reason?: string | null;
  until?: Date | null;
}

const isBlank = (text: string | null | undefined) => text === null || text === undefined || !/\S/.test(text);

/**
 * What is wrong with a decision whatever its report: every action but a dismissal tells someone
 * why (the reason is shown to them); a suspension ends in the future, within a year; nothing else
 * has an end.
 */
export function decisionProblems(input: DecisionInput, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (input.action !== 'dismiss' && isBlank(input.reason))
    problems.push({ field: 'reason', message: `reason is required to ${input.action}` });
  const until = input.until ?? null;
  if (input.action === 'suspend') {
    if (until === null) problems.push({ field: 'until', message: 'until is required to suspend' });
    else if (until.getTime() <= now.getTime())
      problems.push({ field: 'until', message: 'until must be in the future' });
    else if (until.getTime() > now.getTime() + SUSPENSION_MAX_DAYS * DAY_MS)
      problems.push({ field: 'until', message: `until must be at most ${SUSPENSION_MAX_DAYS} days ahead` });
  } else if (until !== null) {
    problems.push({ field: 'until', message: 'until applies to suspend only' });
  }
  return problems;
}
