import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type {
  ReportReason,
  ReportResolution,
  ReportStatus,
  ReportTargetType,
} from '../domain/trust-vocabulary';
import {
  REPORT_REASONS,
  REPORT_RESOLUTIONS,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  sqlList,
} from '../domain/trust-vocabulary';

/**
 * A user's report of a listing, a user, a message or a review. One open report per reporter and
 * target (a partial unique index); the moderator's decision closes it.
 */
@Entity({ schema: 'trust', name: 'reports' })
@Index('uq_reports_open_per_reporter', ['reporterId', 'targetType', 'targetId'], {
  unique: true,
  where: `status = 'open'`,
})
@Index('ix_reports_queue', ['status', 'createdAt', 'id'])
@Index('ix_reports_target', ['targetType', 'targetId'])
@Index('ix_reports_reporter', ['reporterId', 'createdAt', 'id'])
@Index('ix_reports_target_user', ['targetUserId'])
@Check('chk_reports_target_type', `target_type IN (${sqlList(REPORT_TARGET_TYPES)})`)
@Check('chk_reports_reason', `reason IN (${sqlList(REPORT_REASONS)})`)
@Check('chk_reports_status', `status IN (${sqlList(REPORT_STATUSES)})`)
@Check('chk_reports_resolution', `resolution IN (${sqlList(REPORT_RESOLUTIONS)})`)
@Check(
  'chk_reports_resolved',
  `(status = 'open') = (resolved_at IS NULL) AND (status = 'open') = (resolution IS NULL)`,
)
@Check('chk_reports_note_length', 'char_length(note) <= 2000')
@Check('chk_reports_resolution_reason_length', 'char_length(resolution_reason) <= 1000')
@Check('chk_reports_resolution_note_length', 'char_length(resolution_note) <= 2000')
export class ReportEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_reports' })
  id: string;

  @Column('uuid')
  reporterId: string;

  @Column('text')
  targetType: ReportTargetType;

  @Column('uuid')
  targetId: string;

  /** The person behind the target (the listing's owner, the message's sender...), for their history. */
  @Column('uuid', { nullable: true })
  targetUserId: string | null;

  /** Others the target concerns (ReportableContent.involvedIds): they may not decide on it either. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  involvedUserIds: string[];

  /** What the reporter saw when reporting (title, text), kept for the moderator whatever happens next. */
  @Column('jsonb')
  targetSnapshot: Record<string, unknown>;

  @Column('text')
  reason: ReportReason;

  @Column('text', { nullable: true })
  note: string | null;

  @Column('text', { default: 'open' })
  status: ReportStatus;

  /** What the moderator did: `dismissed`, `listing_hidden`, `content_removed`, `warning`, `suspension`, `ban`. */
  @Column('text', { nullable: true })
  resolution: ReportResolution | null;

  /** Why, as the affected person was told (null for a dismissal without one). */
  @Column('text', { nullable: true })
  resolutionReason: string | null;

  /** The moderator's internal note: never shown to the reporter or the reported person. */
  @Column('text', { nullable: true })
  resolutionNote: string | null;

  @Column('uuid', { nullable: true })
  resolvedBy: string | null;

  @Column('timestamptz', { nullable: true })
  resolvedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
