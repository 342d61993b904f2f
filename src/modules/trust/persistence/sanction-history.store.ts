import type { EntityManager } from 'typeorm';
import type { SanctionKind } from '../domain/trust-vocabulary';

/** A sanction as moderators (and, without `imposedBy`, the sanctioned person) read it. */
export interface SanctionHistoryItem {
  id: string;
  kind: SanctionKind;
  reason: string;
  reportId: string | null;
  imposedBy: string | null;
  startsAt: string;
  endsAt: string | null;
  liftedAt: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A person's sanctions, newest first, at most `limit` when given (ix_sanctions_user). */
export async function sanctionsOf(
  manager: EntityManager,
  userId: string,
  limit: number | null,
): Promise<SanctionHistoryItem[]> {
  const rows: {
    id: string;
    kind: SanctionKind;
    reason: string;
    report_id: string | null;
    imposed_by: string | null;
    starts_at: Date;
    ends_at: Date | null;
    lifted_at: Date | null;
  }[] = await manager.query(
    `SELECT id, kind, reason, report_id, imposed_by, starts_at, ends_at, lifted_at
     FROM trust.sanctions WHERE user_id = $1
     ORDER BY created_at DESC, id DESC LIMIT $2`,
    [userId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    reportId: r.report_id,
    imposedBy: r.imposed_by,
    startsAt: r.starts_at.toISOString(),
    endsAt: iso(r.ends_at),
    liftedAt: iso(r.lifted_at),
  }));
}
