import type { DataSource } from 'typeorm';

/** Every base table of every schema, as `schema.table`, quoted where needed. */
export async function allTables(db: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await db.query(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
     FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Every table of every schema whose rows, cast whole to text (every column, jsonb and arrays
 * included), contain one of `needles`, case-insensitively: `{ table: [needles found] }`.
 */
export async function tablesHolding(db: DataSource, needles: string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const table of await allTables(db)) {
    for (const needle of needles) {
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM ${table} t WHERE strpos(lower(t::text), lower($1)) > 0`,
        [needle],
      );
      if (n > 0) (found[table] ??= []).push(needle);
    }
  }
  return found;
}

/** Tables whose rows change on their own or on any attempt (counters, job bookkeeping). */
const MOVING_TABLES = new Set(['platform.rate_limits', 'platform.job_runs']);

/** Every row of every table but the moving ones, as text, sorted: for "nothing changed" comparisons. */
export async function databaseRows(db: DataSource): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of await allTables(db)) {
    if (MOVING_TABLES.has(table)) continue;
    const rows: { row: string }[] = await db.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
    out[table] = rows.map((r) => r.row);
  }
  return out;
}
