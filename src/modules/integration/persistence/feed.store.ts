import type { EntityManager } from 'typeorm';

export interface FeedEntryRow {
  position: string;
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  payload: Record<string, unknown>;
}

export interface NewFeedEvent {
  id: string;
  type: string;
  version: number;
  resource: string;
  occurredAt: string;
  payload: unknown;
}

/** Lock key of the feed's appends (transaction-scoped, so safe behind PgBouncer). */
const APPEND_LOCK = 'integration:feed-append';

/**
 * Appends an event, in the caller's transaction; its position, or null when it is there already.
 *
 * Why a lock: a bigserial is drawn at insert time but becomes visible at commit, so two concurrent
 * appends can commit in the opposite order of their positions, and a reader that saw position 11
 * would skip 10 committed a moment later. Taking this lock before drawing the position makes
 * appends one at a time: the holder draws, inserts and commits (PostgreSQL makes a commit visible
 * before it releases the transaction's locks) before the next one can draw. So whenever a reader
 * sees position p, every smaller position is already committed (or rolled back, a gap for ever).
 * It costs one short wait per event on the relay's side, never on a request's.
 */
export async function appendToFeed(manager: EntityManager, event: NewFeedEvent): Promise<string | null> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [APPEND_LOCK]);
  const [row]: { position: string }[] = await manager.query(
    `INSERT INTO integration.feed_events (event_id, type, version, resource, occurred_at, appended_at, payload)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6)
     ON CONFLICT ON CONSTRAINT uq_feed_events_event DO NOTHING RETURNING position`,
    [event.id, event.type, event.version, event.resource, event.occurredAt, JSON.stringify(event.payload)],
  );
  return row?.position ?? null;
}

/**
 * Up to `limit` + 1 events after `after`, of `types` when given, with the feed's head and pruning
 * watermark, all read in one statement (one snapshot, so the head agrees with the page).
 */
export async function readFeed(
  manager: EntityManager,
  after: string,
  types: string[] | null,
  limit: number,
): Promise<{ rows: FeedEntryRow[]; head: string; prunedThrough: string }> {
  const rows: {
    head: string;
    pruned_through: string;
    position: string | null;
    event_id: string;
    type: string;
    version: number;
    occurred_at: Date;
    payload: Record<string, unknown>;
  }[] = await manager.query(
    `SELECT coalesce((SELECT max(position) FROM integration.feed_events), 0)::text AS head,
            s.pruned_through::text AS pruned_through,
            f.position::text AS position, f.event_id, f.type, f.version, f.occurred_at, f.payload
     FROM integration.feed_state s
     LEFT JOIN LATERAL (
       SELECT * FROM integration.feed_events
       WHERE position > $1::bigint AND ($2::text[] IS NULL OR type = ANY($2::text[]))
       ORDER BY position LIMIT $3
     ) f ON true
     WHERE s.id = 1
     ORDER BY f.position`,
    [after, types, limit],
  );
  const [first] = rows;
  return {
    head: first?.head ?? '0',
    prunedThrough: first?.pruned_through ?? '0',
    rows: rows
      .filter((r) => r.position !== null)
      .map((r) => ({
        position: r.position as string,
        id: r.event_id,
        type: r.type,
        version: r.version,
        occurredAt: r.occurred_at.toISOString(),
        payload: r.payload,
      })),
  };
}

/**
 * Drops up to `batch` of the oldest events appended before `before`, always a prefix of the feed,
 * and raises the watermark to the last position dropped. Returns how many went.
 */
export async function pruneFeed(manager: EntityManager, before: Date, batch: number): Promise<number> {
  const [{ n }]: { n: number }[] = await manager.query(
    `WITH upto AS (
       SELECT position FROM integration.feed_events WHERE appended_at < $1 ORDER BY appended_at DESC LIMIT 1
     ), pruned AS (
       DELETE FROM integration.feed_events WHERE position IN (
         SELECT position FROM integration.feed_events
         WHERE position <= (SELECT position FROM upto) ORDER BY position LIMIT $2)
       RETURNING position
     ), mark AS (
       UPDATE integration.feed_state SET pruned_through = greatest(pruned_through, (SELECT max(position) FROM pruned))
       WHERE id = 1 AND EXISTS (SELECT 1 FROM pruned) RETURNING 1
     )
     SELECT (SELECT count(*) FROM pruned)::int AS n`,
    [before, batch],
  );
  return n;
}
