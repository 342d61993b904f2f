import type { EntityManager } from 'typeorm';
import { sqlIdentifier } from './sql-identifiers';

/** Rows per statement, and per table per job run: a run's transaction stays short; the next takes the rest. */
export const PRUNE_LIMITS = { batch: 5_000, maxRows: 50_000 };

/** The schemas holding a table of this name: each context has its own outbox, inbox and keys. */
export async function schemasWithTable(manager: EntityManager, table: string): Promise<string[]> {
  const rows: { schema: string }[] = await manager.query(
    `SELECT n.nspname AS schema FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relname = $1 AND c.relkind IN ('r', 'p') ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.schema);
}

/**
 * Deletes up to $2 rows of `table` whose `column` is before $1, oldest first. The inner select walks
 * the column's index; the delete finds its rows by ctid, so no other key is needed.
 */
export function pruneStatement(table: string, column: string): string {
  sqlIdentifier(column, 'column');
  return `WITH pruned AS (
      DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM ${table} WHERE ${column} < $1 ORDER BY ${column} LIMIT $2))
      RETURNING 1)
    SELECT count(*)::int AS n FROM pruned`;
}

/**
 * Deletes the rows of `table` older than `before`, in batches, at most `maxRows` in one call so a
 * job's transaction stays bounded (the next run takes the rest). Returns how many it deleted.
 */
export async function pruneOlderThan(
  manager: EntityManager,
  table: string,
  column: string,
  before: Date,
  { batch, maxRows } = PRUNE_LIMITS,
): Promise<number> {
  const sql = pruneStatement(table, column);
  let deleted = 0;
  while (deleted < maxRows) {
    const [{ n }]: { n: number }[] = await manager.query(sql, [before, Math.min(batch, maxRows - deleted)]);
    deleted += n;
    if (n < batch) break;
  }
  return deleted;
}

export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
