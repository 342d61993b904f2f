import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** A well-formed X-Request-Id, unique per call, so an entry can be matched to the request that made it. */
export const requestId = (label = 'req') => `${label}-${randomBytes(8).toString('hex')}`;

export interface AuditRow {
  actor_id: string | null;
  actor_role: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  network: string | null;
  details: Record<string, unknown>;
}

/** The audit entries about one target (or with one action), oldest first, as the database holds them. */
export async function auditEntriesFor(
  db: DataSource,
  where: { targetId?: string; action?: string; requestId?: string },
): Promise<AuditRow[]> {
  return db.query(
    `SELECT actor_id, actor_role, action, target_type, target_id, request_id, network, details
     FROM audit.entries
     WHERE ($1::text IS NULL OR target_id = $1) AND ($2::text IS NULL OR action = $2)
       AND ($3::text IS NULL OR request_id = $3)
     ORDER BY occurred_at, id`,
    [where.targetId ?? null, where.action ?? null, where.requestId ?? null],
  );
}
