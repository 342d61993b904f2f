import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';
import type { RestrictingSanction } from '../domain/sanction-rules';
import type { SanctionKind } from '../domain/trust-vocabulary';

/** A sanction as trust's use cases read it; `createdAt` keeps PostgreSQL's microseconds (the cursor's key). */
export interface SanctionRow {
  id: string;
  userId: string;
  kind: SanctionKind;
  reason: string;
  reportId: string | null;
  imposedBy: string | null;
  startsAt: Date;
  endsAt: Date | null;
  liftedAt: Date | null;
  liftedBy: string | null;
  liftNote: string | null;
  expiredAt: Date | null;
  createdAt: string;
}

interface Row {
  id: string;
  user_id: string;
  kind: SanctionKind;
  reason: string;
  report_id: string | null;
  imposed_by: string | null;
  starts_at: Date;
  ends_at: Date | null;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_note: string | null;
  expired_at: Date | null;
  created_at: string;
}

const COLUMNS = `id, user_id, kind, reason, report_id, imposed_by, starts_at, ends_at, lifted_at, lifted_by,
  lift_note, expired_at, ${keysetTimestamp('created_at')} AS created_at`;

const toSanction = (r: Row): SanctionRow => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  reason: r.reason,
  reportId: r.report_id,
  imposedBy: r.imposed_by,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  liftedAt: r.lifted_at,
  liftedBy: r.lifted_by,
  liftNote: r.lift_note,
  expiredAt: r.expired_at,
  createdAt: r.created_at,
});

export async function insertSanction(
  manager: EntityManager,
  s: Pick<
    SanctionRow,
    'id' | 'userId' | 'kind' | 'reason' | 'reportId' | 'imposedBy' | 'startsAt' | 'endsAt'
  >,
): Promise<SanctionRow> {
  const [row]: Row[] = await manager.query(
    `INSERT INTO trust.sanctions (id, user_id, kind, reason, report_id, imposed_by, starts_at, ends_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
    [s.id, s.userId, s.kind, s.reason, s.reportId, s.imposedBy, s.startsAt, s.endsAt],
  );
  return toSanction(row);
}

/** One sanction, locked for update when `lock` (lifting takes it after the user's lock). */
export async function findSanction(
  manager: EntityManager,
  id: string,
  lock = false,
): Promise<SanctionRow | null> {
  const [row]: Row[] = await manager.query(
    `SELECT ${COLUMNS} FROM trust.sanctions WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return row ? toSanction(row) : null;
}

/**
 * The user's suspensions and bans neither lifted nor marked expired: what the other contexts were
 * last told restricts them (the ledger keeps it so: every change marks what ended as it goes).
 */
export async function unsettledRestrictionsOf(
  manager: EntityManager,
  userId: string,
): Promise<RestrictingSanction[]> {
  const rows: { id: string; kind: 'suspension' | 'ban'; ends_at: Date | null }[] = await manager.query(
    `SELECT id, kind, ends_at FROM trust.sanctions
     WHERE user_id = $1 AND kind IN ('suspension', 'ban') AND lifted_at IS NULL AND expired_at IS NULL
     ORDER BY created_at, id`,
    [userId],
  );
  return rows.map((r) => ({ id: r.id, kind: r.kind, endsAt: r.ends_at }));
}

/** Marks the user's suspensions that ended by `now` as expired; returns them. */
export async function markEnded(
  manager: EntityManager,
  userId: string,
  now: Date,
): Promise<{ id: string; endsAt: Date }[]> {
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
  const [rows]: [{ id: string; ends_at: Date }[], number] = await manager.query(
    `UPDATE trust.sanctions SET expired_at = $2
     WHERE user_id = $1 AND kind = 'suspension' AND lifted_at IS NULL AND expired_at IS NULL AND ends_at <= $2
     RETURNING id, ends_at`,
    [userId, now],
  );
  return rows.map((r) => ({ id: r.id, endsAt: r.ends_at }));
}

export async function markLifted(
  manager: EntityManager,
  id: string,
  liftedBy: string,
  note: string | null,
  now: Date,
): Promise<SanctionRow> {
  const [[row]]: [Row[], number] = await manager.query(
    `UPDATE trust.sanctions SET lifted_at = $2, lifted_by = $3, lift_note = $4 WHERE id = $1
     RETURNING ${COLUMNS}`,
    [id, now, liftedBy, note],
  );
  return toSanction(row);
}

/** Up to `limit` of a user's sanctions older than `before`, newest first (ix_sanctions_user), and whether more exist. */
export async function sanctionsOf(
  manager: EntityManager,
  userId: string,
  before: KeysetPosition | null,
  limit: number,
): Promise<{ rows: SanctionRow[]; hasMore: boolean }> {
  const rows: Row[] = await manager.query(
    `SELECT ${COLUMNS} FROM trust.sanctions
     WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
     ORDER BY created_at DESC, id DESC
     LIMIT $4`,
    [userId, before?.at ?? null, before?.id ?? null, limit + 1],
  );
  return { rows: rows.slice(0, limit).map(toSanction), hasMore: rows.length > limit };
}

/** Users with a suspension that ended by `now` and was not dealt with yet, soonest ended first (ix_sanctions_expiring). */
export async function usersWithEndedSuspensions(
  manager: EntityManager,
  now: Date,
  limit: number,
): Promise<string[]> {
  const rows: { user_id: string }[] = await manager.query(
    `SELECT user_id FROM (
       SELECT user_id, min(ends_at) AS first_end FROM trust.sanctions
       WHERE kind = 'suspension' AND lifted_at IS NULL AND expired_at IS NULL AND ends_at <= $1
       GROUP BY user_id
     ) due ORDER BY first_end, user_id LIMIT $2`,
    [now, limit],
  );
  return rows.map((r) => r.user_id);
}

/**
 * Whether a suspension or a ban stands against $1 now: not lifted, not yet ended (a sanction starts
 * when it is imposed, so its start is not compared with this clock, which may lag the app's). One
 * index range (ix_sanctions_user), on every new rental request, conversation and message.
 */
export const IS_RESTRICTED_SQL = `SELECT EXISTS (
  SELECT 1 FROM trust.sanctions
  WHERE user_id = $1 AND kind IN ('suspension', 'ban') AND lifted_at IS NULL
    AND (ends_at IS NULL OR ends_at > now())
) AS restricted`;
