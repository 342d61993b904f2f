/** What a user can report. A review is either a product review or a user review (ids never collide). */
export const REPORT_TARGET_TYPES = ['listing', 'user', 'message', 'review'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

/** The fixed reasons a reporter picks from; `other` asks for a note. */
export const REPORT_REASONS = [
  'scam',
  'prohibited_item',
  'misleading',
  'offensive',
  'harassment',
  'spam',
  'safety_risk',
  'other',
] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/** open until a moderator acts: dismissed (no action) or actioned (something was done). */
export const REPORT_STATUSES = ['open', 'dismissed', 'actioned'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** What a closed report records as done: nothing, or what the moderator did about it. */
export const REPORT_RESOLUTIONS = [
  'dismissed',
  'listing_hidden',
  'content_removed',
  'warning',
  'suspension',
  'ban',
] as const;
export type ReportResolution = (typeof REPORT_RESOLUTIONS)[number];

/** A warning restricts nothing; a suspension ends at `endsAt`; a ban has no end. */
export const SANCTION_KINDS = ['warning', 'suspension', 'ban'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

/** The SQL list of a vocabulary, for check constraints. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
