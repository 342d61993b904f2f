import type { QueryRunner } from 'typeorm';
import { idempotencyTable } from './idempotency-table';

/** The Idempotency-Key store of one context, for that context's own migration. */
export async function createIdempotencyTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${idempotencyTable(schema)} (
      user_id uuid NOT NULL,
      key text NOT NULL,
      request_hash text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_${schema}_idempotency_keys PRIMARY KEY (user_id, key)
    )`);
}

export async function dropIdempotencyTable(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE ${idempotencyTable(schema)}`);
}

/**
 * The index the retention job walks to drop expired keys (idempotency-retention.job.ts). Built
 * CONCURRENTLY, as the event tables' retention indexes are (see createEventRetentionIndexes), so
 * its migration runs with `transaction = false`.
 */
export async function createIdempotencyRetentionIndex(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}".ix_${schema}_idempotency_created`);
  await q.query(
    `CREATE INDEX CONCURRENTLY ix_${schema}_idempotency_created ON ${idempotencyTable(schema)} (created_at)`,
  );
}

/** Without CONCURRENTLY: TypeORM reverts a migration in a transaction whatever its `transaction` says. */
export async function dropIdempotencyRetentionIndex(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP INDEX IF EXISTS "${schema}".ix_${schema}_idempotency_created`);
}
