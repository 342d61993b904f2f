import type { Pool } from 'pg';
import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryFailedError } from 'typeorm';

/**
 * Hot reads written as SQL rather than `find*` calls: measured on the product detail and
 * availability paths (bench/RESULTS.md), TypeORM's query building and entity hydration were a
 * quarter of the app's CPU time. These helpers keep such reads tied to the entity metadata, so a
 * renamed or added column cannot silently fall out of them.
 *
 * They send the statement on the driver's own `pg` pool, as the raw baseline does: a
 * `dataSource.query` opens a query runner per statement and broadcasts before/after-query events
 * nobody here subscribes to (12–24 µs of CPU a statement on the bench machine; an availability
 * check sends three).
 * Failures still arrive as TypeORM's `QueryFailedError`, logged as TypeORM logs them, so the error
 * mapping (timeouts → 503, constraint names) is the same whichever way a statement went.
 */
interface PostgresPools {
  master: Pool;
  slaves: Pool[];
}

async function onPool<T>(dataSource: DataSource, pool: Pool, sql: string, params: unknown[]): Promise<T[]> {
  // As in TypeORM: a connection that cannot be had fails as itself (the filter answers 503), only
  // a failed statement becomes a QueryFailedError; the connection goes back to the pool either way.
  const client = await pool.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, params);
    throw new QueryFailedError(sql, params, error as Error);
  } finally {
    client.release();
  }
}

const poolsOf = (dataSource: DataSource) => dataSource.driver as unknown as PostgresPools;

/**
 * Runs one read that may be answered a moment stale, on a read replica when DATABASE_REPLICA_URLS
 * names any (a random one), on the primary otherwise. Everything else stays on the primary
 * (data-source-options.ts): use this only where a just-made write missing from the answer harms no one.
 */
export function queryForRead<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const { master, slaves } = poolsOf(dataSource);
  const pool = slaves.length > 0 ? slaves[Math.floor(Math.random() * slaves.length)] : master;
  return onPool<T>(dataSource, pool, sql, params);
}

/** The same on the primary, for reads that must see the latest writes. */
export function primaryQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return onPool<T>(dataSource, poolsOf(dataSource).master, sql, params);
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
