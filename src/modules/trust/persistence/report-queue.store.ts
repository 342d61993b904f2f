import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import type { ReportStatus, ReportTargetType } from '../domain/trust-vocabulary';
import type { ReportRecord, ReportRow } from './report.store';
import { REPORT_COLUMNS, toReportRecord } from './report.store';

/** A report as moderators read it: with how many reports of its target are open now. */
export interface QueuedReport extends ReportRecord {
  openReportsOnTarget: number;
}

type QueuedRow = ReportRow & { open_on_target: number };

/** Open reports of the same target, counted on ix_reports_target. */
const OPEN_ON_TARGET = `(SELECT count(*)::int FROM trust.reports o
  WHERE o.target_type = r.target_type AND o.target_id = r.target_id AND o.status = 'open') AS open_on_target`;

const toQueued = (row: QueuedRow): QueuedReport => ({
  ...toReportRecord(row),
  openReportsOnTarget: row.open_on_target,
});

export interface QueueFilter {
  status: ReportStatus;
  targetType: ReportTargetType | null;
  /** Oldest first (the open queue: first come, first served) or newest first (decided ones). */
  order: 'oldest' | 'newest';
}

/** Up to `limit` reports of a status past `after` in the filter's order, on ix_reports_queue. */
export async function reportQueue(
  manager: EntityManager,
  filter: QueueFilter,
  after: KeysetPosition | null,
  limit: number,
): Promise<{ rows: QueuedReport[]; hasMore: boolean }> {
  const [past, direction] = filter.order === 'oldest' ? ['>', 'ASC'] : ['<', 'DESC'];
  const rows: QueuedRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS}, ${OPEN_ON_TARGET}
     FROM trust.reports r
     WHERE r.status = $1 AND ($2::text IS NULL OR r.target_type = $2)
       AND ($3::timestamptz IS NULL OR (r.created_at, r.id) ${past} ($3::timestamptz, $4::uuid))
     ORDER BY r.created_at ${direction}, r.id ${direction}
     LIMIT $5`,
    [filter.status, filter.targetType, after?.at ?? null, after?.id ?? null, limit + 1],
  );
  return { rows: rows.slice(0, limit).map(toQueued), hasMore: rows.length > limit };
}

export async function queuedReport(manager: EntityManager, reportId: string): Promise<QueuedReport | null> {
  const [row]: QueuedRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS}, ${OPEN_ON_TARGET} FROM trust.reports r WHERE r.id = $1`,
    [reportId],
  );
  return row ? toQueued(row) : null;
}

/** The target's other reports, newest first, at most `limit` (ix_reports_target). */
export async function otherReportsOnTarget(
  manager: EntityManager,
  report: Pick<ReportRecord, 'id' | 'targetType' | 'targetId'>,
  limit: number,
): Promise<ReportRecord[]> {
  const rows: ReportRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS} FROM trust.reports r
     WHERE r.target_type = $1 AND r.target_id = $2 AND r.id <> $3
     ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [report.targetType, report.targetId, report.id, limit],
  );
  return rows.map(toReportRecord);
}

/**
 * Reports of the same person's other content (and of the person), newest first, at most `limit`
 * (ix_reports_target_user): the pattern a single report does not show.
 */
export async function reportsOnOtherTargetsOf(
  manager: EntityManager,
  report: Pick<ReportRecord, 'targetUserId' | 'targetType' | 'targetId'>,
  limit: number,
): Promise<ReportRecord[]> {
  if (report.targetUserId === null) return [];
  const rows: ReportRow[] = await manager.query(
    `SELECT ${REPORT_COLUMNS} FROM trust.reports r
     WHERE r.target_user_id = $1 AND NOT (r.target_type = $2 AND r.target_id = $3)
     ORDER BY r.created_at DESC, r.id DESC LIMIT $4`,
    [report.targetUserId, report.targetType, report.targetId, limit],
  );
  return rows.map(toReportRecord);
}
