import { DomainError } from '../../../platform/errors/domain-error';
import type { FieldProblem } from './report-rules';

export const ReportErrors = {
  /** Missing and invisible look the same: a report never confirms that hidden content exists. */
  targetNotFound: () =>
    new DomainError('TRUST.TARGET_NOT_FOUND', 'not_found', 'The reported content or user was not found'),
  cannotReportOwn: () =>
    new DomainError(
      'TRUST.CANNOT_REPORT_OWN',
      'validation',
      'You cannot report yourself or your own content',
      {
        errors: [{ field: 'targetId', message: 'targetId must be someone else or their content' }],
      },
    ),
  invalidReport: (errors: FieldProblem[]) =>
    new DomainError('TRUST.INVALID_REPORT', 'validation', 'The report is invalid', { errors }),
  /** Names the standing report, so the client can show it instead. */
  alreadyOpen: (reportId: string) =>
    new DomainError(
      'TRUST.REPORT_ALREADY_OPEN',
      'conflict',
      'You already reported this; your report is still open',
      { reportId },
    ),
  reportNotFound: () => new DomainError('TRUST.REPORT_NOT_FOUND', 'not_found', 'Report was not found'),
};

export const ModerationErrors = {
  reportNotOpen: (status: string) =>
    new DomainError('TRUST.REPORT_NOT_OPEN', 'conflict', `The report was already decided (${status})`, {
      status,
    }),
  actionNotForTarget: (action: string, targetType: string) =>
    new DomainError('TRUST.ACTION_NOT_FOR_TARGET', 'validation', `A ${targetType} cannot be moderated so`, {
      errors: [{ field: 'action', message: `action ${action} does not apply to a reported ${targetType}` }],
    }),
  invalidDecision: (errors: FieldProblem[]) =>
    new DomainError('TRUST.INVALID_DECISION', 'validation', 'The decision is invalid', { errors }),
  /**
   * A moderator never judges a case they are part of: their own content, content about them (a
   * review of them or of their listing, a conversation of theirs), or one they reported.
   */
  cannotModerateOwn: () =>
    new DomainError(
      'TRUST.CANNOT_MODERATE_OWN',
      'validation',
      'You cannot decide a report you are part of (about you, your content, or filed by you)',
      { errors: [{ field: 'action', message: 'another admin must decide a report you are part of' }] },
    ),
};
