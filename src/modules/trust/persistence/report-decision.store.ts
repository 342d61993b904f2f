import type { EntityManager } from 'typeorm';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type { ReportResolution, ReportStatus, ReportTargetType } from '../domain/trust-vocabulary';

export interface LockedReport {
  id: string;
  reporterId: string;
  status: ReportStatus;
  targetType: ReportTargetType;
  targetId: string;
  targetUserId: string | null;
  /** Everyone the target concerns besides its author (ReportableContent.involvedIds). */
  involvedUserIds: string[];
}

/** The person behind a report's target (null for an unknown report or a target without one). */
export async function reportTargetUser(manager: EntityManager, reportId: string): Promise<string | null> {
  const [row]: { target_user_id: string | null }[] = await manager.query(
    'SELECT target_user_id FROM trust.reports WHERE id = $1',
    [reportId],
  );
  return row?.target_user_id ?? null;
}

/**
 * The report and every open report of its target, locked for the decision, in id order. Every
 * decision on a target locks in that order, so two moderators deciding two reports of one target
 * queue up rather than deadlock; the second finds its report closed (the lock re-reads a row that
 * changed while it waited). A report filed after the lock is not closed: it came after the
 * decision and stays in the queue.
 */
export async function lockReportWithTarget(
  manager: EntityManager,
  reportId: string,
): Promise<{ report: LockedReport; open: LockedReport[] } | null> {
  const [target]: { target_type: ReportTargetType; target_id: string }[] = await manager.query(
    'SELECT target_type, target_id FROM trust.reports WHERE id = $1',
    [reportId],
  );
  if (!target) return null;
  const rows: {
    id: string;
    reporter_id: string;
    status: ReportStatus;
    target_type: ReportTargetType;
    target_id: string;
    target_user_id: string | null;
    involved_user_ids: string[];
  }[] = await manager.query(
    `SELECT id, reporter_id, status, target_type, target_id, target_user_id, involved_user_ids
     FROM trust.reports
     WHERE target_type = $1 AND target_id = $2 AND (status = 'open' OR id = $3)
     ORDER BY id
     FOR UPDATE`,
    [target.target_type, target.target_id, reportId],
  );
  const locked = rows.map((r): LockedReport => ({
    id: r.id,
    reporterId: r.reporter_id,
    status: r.status,
    targetType: r.target_type,
    targetId: r.target_id,
    targetUserId: r.target_user_id,
    involvedUserIds: r.involved_user_ids,
  }));
  const report = locked.find((r) => r.id === reportId);
  return report ? { report, open: locked.filter((r) => r.status === 'open') } : null;
}

export interface Resolution {
  status: Exclude<ReportStatus, 'open'>;
  resolution: ReportResolution;
  reason: string | null;
  note: string | null;
  resolvedBy: string;
}

/** Closes the (locked, open) reports with one outcome; answers when, as PostgreSQL wrote it. */
export async function closeReports(
  manager: EntityManager,
  reportIds: string[],
  outcome: Resolution,
): Promise<string> {
  // In a WITH: a bare UPDATE's raw result through TypeORM is [rows, affected], not rows.
  const [row]: { resolved_at: string }[] = await manager.query(
    `WITH closed AS (
       UPDATE trust.reports
       SET status = $2, resolution = $3, resolution_reason = $4, resolution_note = $5, resolved_by = $6,
           resolved_at = now(), updated_at = now()
       WHERE id = ANY($1::uuid[]) AND status = 'open'
       RETURNING resolved_at)
     SELECT ${keysetTimestamp('resolved_at')} AS resolved_at FROM closed LIMIT 1`,
    [reportIds, outcome.status, outcome.resolution, outcome.reason, outcome.note, outcome.resolvedBy],
  );
  return row.resolved_at;
}
