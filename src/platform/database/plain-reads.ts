import type { Pool, PoolClient } from 'pg';
import type { DataSource, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
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

/**
 * One statement on a checked-out client, seen by TypeORM's logger as its own statements are (query
 * logging, and the hot-path EXPLAIN test that records them there); a failed statement becomes a
 * QueryFailedError, as in TypeORM.
 */
async function send<T>(
  dataSource: DataSource,
  client: PoolClient,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  dataSource.logger.logQuery(sql, params);
  try {
    return (await client.query(sql, params)).rows as T[];
  } catch (error) {
    dataSource.logger.logQueryError(error as Error, sql, params);
    throw new QueryFailedError(sql, params, error as Error);
  }
}

async function onPool<T>(dataSource: DataSource, pool: Pool, sql: string, params: unknown[]): Promise<T[]> {
  // As in TypeORM: a connection that cannot be had fails as itself (the filter answers 503); the
  // connection goes back to the pool either way.
  const client = await pool.connect();
  try {
    return await send<T>(dataSource, client, sql, params);
  } finally {
    client.release();
  }
}

const poolsOf = (dataSource: DataSource) => dataSource.driver as unknown as PostgresPools;

/** A random replica's pool, or the primary's when there are none. */
function readPool(dataSource: DataSource): Pool {
  const { master, slaves } = poolsOf(dataSource);
  return slaves.length > 0 ? slaves[Math.floor(Math.random() * slaves.length)] : master;
}

/**
 * Runs one read that may be answered a moment stale, on a read replica when DATABASE_REPLICA_URLS
 * names any (a random one), on the primary otherwise. Everything else stays on the primary
 * (data-source-options.ts): use this only where a just-made write missing from the answer harms no one.
 */
export function queryForRead<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return onPool<T>(dataSource, readPool(dataSource), sql, params);
}

/** The same on the primary, for reads that must see the latest writes. */
export function primaryQuery<T>(dataSource: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  return onPool<T>(dataSource, poolsOf(dataSource).master, sql, params);
}

/** A statement inside `transactionForRead`: rows back, failures as `QueryFailedError`. */
export type ReadQuery = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * `work` in one read-only REPEATABLE READ transaction (one snapshot for all its statements), on a
 * read replica when configured (see queryForRead). Opened with a single `BEGIN … READ ONLY` on the
 * driver's pool: TypeORM's `transaction()` sends `START TRANSACTION` and `SET TRANSACTION` apart,
 * one more round trip per search page.
 */
export async function transactionForRead<T>(
  dataSource: DataSource,
  work: (query: ReadQuery) => Promise<T>,
): Promise<T> {
  const client = await readPool(dataSource).connect();
  const query: ReadQuery = <R>(sql: string, params: unknown[] = []) =>
    send<R>(dataSource, client, sql, params);
  let broken: Error | undefined;
  try {
    await query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const result = await work(query);
    await query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool for reuse.
    await client.query('ROLLBACK').catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    client.release(broken);
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
