import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type {
  ReportReason,
  ReportResolution,
  ReportStatus,
  ReportTargetType,
} from '../domain/trust-vocabulary';

/** A report as trust reads it; instants keep PostgreSQL's microseconds (createdAt is a cursor key). */
export interface ReportRecord {
  id: string;
  reporterId: string;
  targetType: ReportTargetType;
  targetId: string;
  targetUserId: string | null;
  targetSnapshot: Record<string, unknown>;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  resolution: ReportResolution | null;
  resolutionReason: string | null;
  resolutionNote: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
}

export interface ReportRow {
  id: string;
  reporter_id: string;
  target_type: ReportTargetType;
  target_id: string;
  target_user_id: string | null;
  target_snapshot: Record<string, unknown>;
  reason: ReportReason;
  note: string | null;
  status: ReportStatus;
  resolution: ReportResolution | null;
  resolution_reason: string | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: string | null;
  created_at: string;
}

/** Every column of a report aliased `r`, instants as keyset timestamps. */
export const REPORT_COLUMNS = `r.id, r.reporter_id, r.target_type, r.target_id, r.target_user_id,
  r.target_snapshot, r.reason, r.note, r.status, r.resolution, r.resolution_reason, r.resolution_note,
  r.resolved_by, ${keysetTimestamp('r.resolved_at')} AS resolved_at, ${keysetTimestamp('r.created_at')} AS created_at`;

export const toReportRecord = (r: ReportRow): ReportRecord => ({
  id: r.id,
  reporterId: r.reporter_id,
  targetType: r.target_type,
  targetId: r.target_id,
  targetUserId: r.target_user_id,
  targetSnapshot: r.target_snapshot,
  reason: r.reason,
  note: r.note,
  status: r.status,
  resolution: r.resolution,
  resolutionReason: r.resolution_reason,
  resolutionNote: r.resolution_note,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at,
  createdAt: r.created_at,
});

export interface NewReport {
  reporterId: string;
  targetType: ReportTargetType;
  targetId: string;
  targetUserId: string;
  involvedUserIds: string[];
  targetSnapshot: Record<string, unknown>;
  reason: ReportReason;
  note: string | null;
}

/**
 * Files the report unless the reporter has one open on the target already (uq_reports_open_per_reporter):
 * then `openReportId` names that one. A concurrent identical report waits for the first one's
 * statement and does nothing; should a moderator close the standing one meanwhile, it is tried again.
 */
export async function insertOpenReport(
  manager: EntityManager,
  report: NewReport,
): Promise<{ report: ReportRecord } | { openReportId: string }> {
  for (;;) {
    const [inserted]: ReportRow[] = await manager.query(
      `INSERT INTO trust.reports AS r
         (id, reporter_id, target_type, target_id, target_user_id, target_snapshot, reason, note,
          involved_user_ids)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9::uuid[])
       ON CONFLICT (reporter_id, target_type, target_id) WHERE status = 'open' DO NOTHING
       RETURNING ${REPORT_COLUMNS}`,
      [
        randomUUID(),
        report.reporterId,
        report.targetType,
        report.targetId,
        report.targetUserId,
        JSON.stringify(report.targetSnapshot),
        report.reason,
        report.note,
        report.involvedUserIds,
      ],
    );
    if (inserted) return { report: toReportRecord(inserted) };
    const [open]: { id: string }[] = await manager.query(
      `SELECT id FROM trust.reports
       WHERE reporter_id = $1 AND target_type = $2 AND target_id = $3 AND status = 'open'`,
      [report.reporterId, report.targetType, report.targetId],
    );
    if (open) return { openReportId: open.id };
  }
}

/** One of the reporter's own reports; anyone else's is as absent as a missing one. */
export async function reportOfReporter(
  manager: EntityManager,
  reportId: string,
  reporterId: string,
): Promise<ReportRecord | null> {
  const [row]: ReportRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS} FROM trust.reports r WHERE r.id = $1 AND r.reporter_id = $2`,
    [reportId, reporterId],
  );
  return row ? toReportRecord(row) : null;
}

/** Up to `limit` of the reporter's reports older than `before`, newest first (ix_reports_reporter). */
export async function reportsOfReporter(
  manager: EntityManager,
  reporterId: string,
  before: KeysetPosition | null,
  limit: number,
): Promise<{ rows: ReportRecord[]; hasMore: boolean }> {
  const rows: ReportRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS} FROM trust.reports r
     WHERE r.reporter_id = $1
       AND ($2::timestamptz IS NULL OR (r.created_at, r.id) < ($2::timestamptz, $3::uuid))
     ORDER BY r.created_at DESC, r.id DESC
     LIMIT $4`,
    [reporterId, before?.at ?? null, before?.id ?? null, limit + 1],
  );
  return { rows: rows.slice(0, limit).map(toReportRecord), hasMore: rows.length > limit };
}

/** Every report the person filed, oldest first, for their data export. */
export async function reportsFiledBy(manager: EntityManager, reporterId: string): Promise<ReportRecord[]> {
  const rows: ReportRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS} FROM trust.reports r WHERE r.reporter_id = $1 ORDER BY r.created_at, r.id`,
    [reporterId],
  );
  return rows.map(toReportRecord);
}

/**
 * An erased reporter's reports stay (they are the target's moderation history and say only that
 * someone reported it, and why from the fixed list); the note they wrote in their own words goes.
 */
export async function clearNotesOfReporter(manager: EntityManager, reporterId: string): Promise<void> {
  await manager.query(
    'UPDATE trust.reports SET note = NULL, updated_at = now() WHERE reporter_id = $1 AND note IS NOT NULL',
    [reporterId],
  );
}
