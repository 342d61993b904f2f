import type { EntityManager } from 'typeorm';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { keysetTimestamp } from '../../../platform/http/keyset-cursor';

/** A block as the blocker lists it; `blockedAt` keeps PostgreSQL's microseconds (it is the cursor's key). */
export interface BlockRow {
  blockedId: string;
  blockedAt: string;
}

const BLOCKED_AT = keysetTimestamp('created_at');

/**
 * Inserts the block unless it stands already; `created` says which, `blockedAt` is the first one's.
 * A conflict waits for the other transaction; the next statement's snapshot then sees its row, or,
 * when a concurrent unblock removed it meanwhile, the insert is tried again.
 */
export async function insertBlock(
  manager: EntityManager,
  blockerId: string,
  blockedId: string,
): Promise<BlockRow & { created: boolean }> {
  for (;;) {
    const [inserted] = await manager.query(
      `INSERT INTO trust.blocks (blocker_id, blocked_id) VALUES ($1, $2)
       ON CONFLICT ON CONSTRAINT pk_blocks DO NOTHING
       RETURNING ${BLOCKED_AT} AS blocked_at`,
      [blockerId, blockedId],
    );
    if (inserted) return { blockedId, blockedAt: inserted.blocked_at, created: true };
    const [existing] = await manager.query(
      `SELECT ${BLOCKED_AT} AS blocked_at FROM trust.blocks WHERE blocker_id = $1 AND blocked_id = $2`,
      [blockerId, blockedId],
    );
    if (existing) return { blockedId, blockedAt: existing.blocked_at, created: false };
  }
}

/** Whether a block was there to remove. */
export async function deleteBlock(
  manager: EntityManager,
  blockerId: string,
  blockedId: string,
): Promise<boolean> {
  // Counted in a SELECT: a bare DELETE's raw result through TypeORM is [rows, affected], not rows.
  const [{ n }] = await manager.query(
    `WITH gone AS (DELETE FROM trust.blocks WHERE blocker_id = $1 AND blocked_id = $2 RETURNING 1)
     SELECT count(*)::int AS n FROM gone`,
    [blockerId, blockedId],
  );
  return n > 0;
}

/**
 * Up to `limit` of a blocker's blocks older than `before`, newest first, plus whether more exist.
 * The primary key's blocker_id prefix finds them; a person blocks few enough people that sorting
 * them needs no index of its own.
 */
export async function blocksOf(
  manager: EntityManager,
  blockerId: string,
  before: KeysetPosition | null,
  limit: number,
): Promise<{ rows: BlockRow[]; hasMore: boolean }> {
  const rows: { blocked_id: string; blocked_at: string }[] = await manager.query(
    `SELECT blocked_id, ${BLOCKED_AT} AS blocked_at FROM trust.blocks
     WHERE blocker_id = $1 AND ($2::timestamptz IS NULL OR (created_at, blocked_id) < ($2::timestamptz, $3::uuid))
     ORDER BY created_at DESC, blocked_id DESC
     LIMIT $4`,
    [blockerId, before?.at ?? null, before?.id ?? null, limit + 1],
  );
  return {
    rows: rows.slice(0, limit).map((r) => ({ blockedId: r.blocked_id, blockedAt: r.blocked_at })),
    hasMore: rows.length > limit,
  };
}

/** Whether either user blocked the other ($1, $2): two primary-key lookups. */
export const BLOCKED_BETWEEN_SQL = `SELECT EXISTS (
    SELECT 1 FROM trust.blocks
    WHERE (blocker_id = $1 AND blocked_id = $2) OR (blocker_id = $2 AND blocked_id = $1)
  ) AS blocked`;

/** Who of $1 (the caller) and $2 blocked the other: two primary-key lookups. */
export const WHO_BLOCKED_SQL = `SELECT
    EXISTS (SELECT 1 FROM trust.blocks WHERE blocker_id = $1 AND blocked_id = $2) AS by_caller,
    EXISTS (SELECT 1 FROM trust.blocks WHERE blocker_id = $2 AND blocked_id = $1) AS by_other`;

/** Everyone $1 blocked or was blocked by: the primary key one way, ix_blocks_blocked the other. */
export const BLOCKED_WITH_SQL = `SELECT blocked_id AS id FROM trust.blocks WHERE blocker_id = $1
  UNION SELECT blocker_id FROM trust.blocks WHERE blocked_id = $1`;

/** An erased account's blocks, both ways. */
export async function deleteBlocksOf(manager: EntityManager, userId: string): Promise<void> {
  await manager.query('DELETE FROM trust.blocks WHERE blocker_id = $1 OR blocked_id = $1', [userId]);
}
