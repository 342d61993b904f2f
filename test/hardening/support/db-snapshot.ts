import type { DataSource } from 'typeorm';

/** Row count and an md5 over every row's text form, per table (`schema.table`). */
export type DbSnapshot = Record<string, { rows: number; md5: string }>;

/**
 * Tables whose rows change on requests that change nothing a user owns; they are still listed in
 * the snapshot but compared only when asked to. `platform.rate_limits` counts every write attempt
 * (refused ones included), by design: a refused request must still count against the limit.
 * `integration.api_key_usage` marks when an integrator's key was last used, whatever it was used for.
 */
export const BOOKKEEPING_TABLES = ['platform.rate_limits', 'integration.api_key_usage'];

/**
 * Every base table of every schema the migrations created (each context's, platform's, the
 * migrations table), found in the catalog so a table added later is covered without a list.
 */
export async function snapshotDatabase(db: DataSource): Promise<DbSnapshot> {
  const tables: { name: string }[] = await db.query(
    `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
     WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
     ORDER BY 1`,
  );
  if (tables.length === 0) return {};
  const rows: { name: string; rows: number; md5: string }[] = await db.query(
    tables
      .map(
        ({ name }) =>
          `SELECT '${name.replace(/"/g, '')}' AS name, count(*)::int AS rows,
             md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS md5 FROM ${name} t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, md5: r.md5 }]));
}

/** The tables that differ (row count or content), ignoring `ignore`; [] when nothing changed. */
export function changedTables(
  before: DbSnapshot,
  after: DbSnapshot,
  ignore: string[] = BOOKKEEPING_TABLES,
): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter((name) => !ignore.includes(name))
    .filter((name) => before[name]?.md5 !== after[name]?.md5 || before[name]?.rows !== after[name]?.rows)
    .map((name) => `${name} (${before[name]?.rows ?? 'absent'} → ${after[name]?.rows ?? 'absent'} rows)`)
    .sort();
}
