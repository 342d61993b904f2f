import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Hot reads written as SQL rather than `find*` calls: measured on the product detail and
 * availability paths (bench/RESULTS.md), TypeORM's query building and entity hydration were a
 * quarter of the app's CPU time. These helpers keep such reads tied to the entity metadata, so a
 * renamed or added column cannot silently fall out of them.
 */

/**
 * Runs one read that may be answered a moment stale, on a read replica when DATABASE_REPLICA_URLS
 * names any (a random one), on the primary otherwise. Everything else stays on the primary
 * (data-source-options.ts): use this only where a just-made write missing from the answer harms no one.
 */
export async function queryForRead<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return (await runner.query(sql, params)) as T[];
  } finally {
    await runner.release();
  }
}

/** The same on the primary (`dataSource.query` does that too; this keeps both call shapes alike). */
export async function primaryQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return (await dataSource.query(sql, params)) as T[];
}

/** `work` in one REPEATABLE READ transaction on a read replica when configured (see queryForRead). */
export async function transactionForRead<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return await runner.manager.transaction('REPEATABLE READ', work);
  } finally {
    await runner.release();
  }
}

const selectLists = new WeakMap<EntityMetadata, Map<string, string>>();

/**
 * `alias.column AS "property", …` for every selectable column of the entity, so a row comes back
 * keyed by property names. pg already returns each column type the way the entity declares it
 * (uuid/text as strings, integer and double precision as numbers, timestamptz as Date, jsonb as
 * parsed JSON, arrays as arrays); entities using transformers or numeric/bigint columns need more.
 */
export function selectListOf(
  dataSource: DataSource,
  entity: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  const metadata = dataSource.getMetadata(entity);
  let byAlias = selectLists.get(metadata);
  if (!byAlias) selectLists.set(metadata, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (list === undefined) {
    list = metadata.columns
      .filter((column) => column.isSelect && !column.isVirtual)
      .map((column) => `${alias}."${column.databaseName}" AS "${column.propertyPath}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/** Turns a row selected with `selectListOf` into an instance of the entity class. */
export function entityFromRow<T extends ObjectLiteral>(entity: new () => T, row: object): T {
  return Object.assign(Object.create(entity.prototype) as T, row);
}
