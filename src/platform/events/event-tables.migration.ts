import type { QueryRunner } from 'typeorm';
import { inboxTable, outboxTable } from './event-tables';

/**
 * The outbox (events this context publishes) and inbox (events it has handled) of one context,
 * for use in that context's own migration. The relay finds outboxes by table name.
 */
export async function createEventTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${outboxTable(schema)} (
      id uuid NOT NULL,
      type text NOT NULL,
      version integer NOT NULL,
      payload jsonb NOT NULL,
      occurred_at timestamptz NOT NULL,
      published_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      last_error text,
      CONSTRAINT pk_${schema}_outbox_events PRIMARY KEY (id)
    )`);
  await q.query(
    `CREATE INDEX ix_${schema}_outbox_pending ON ${outboxTable(schema)} (occurred_at, id) WHERE published_at IS NULL`,
  );
  await q.query(`
    CREATE TABLE ${inboxTable(schema)} (
      event_id uuid NOT NULL,
      handler text NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT pk_${schema}_inbox_events PRIMARY KEY (event_id, handler)
    )`);
}

export async function dropEventTables(q: QueryRunner, schema: string): Promise<void> {
  await q.query(`DROP TABLE ${inboxTable(schema)}`);
  await q.query(`DROP TABLE ${outboxTable(schema)}`);
}

/**
 * Indexes the retention job walks (event-retention.job.ts): delivered events by when they were
 * delivered, inbox rows by when they were handled. Built CONCURRENTLY, so the migration declaring
 * them must run outside a transaction (`transaction = false`): an outbox that grew for months
 * keeps taking events while its index builds. A build cut short leaves an invalid index, which a
 * rerun drops first.
 */
export async function createEventRetentionIndexes(q: QueryRunner, schema: string): Promise<void> {
  for (const [index, on] of eventRetentionIndexes(schema)) {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "${schema}".${index}`);
    await q.query(`CREATE INDEX CONCURRENTLY ${index} ON ${on}`);
  }
}

/** Without CONCURRENTLY: TypeORM reverts a migration in a transaction whatever its `transaction` says. */
export async function dropEventRetentionIndexes(q: QueryRunner, schema: string): Promise<void> {
  for (const [index] of eventRetentionIndexes(schema))
    await q.query(`DROP INDEX IF EXISTS "${schema}".${index}`);
}

const eventRetentionIndexes = (schema: string): [string, string][] => [
  [`ix_${schema}_outbox_published`, `${outboxTable(schema)} (published_at) WHERE published_at IS NOT NULL`],
  [`ix_${schema}_inbox_processed`, `${inboxTable(schema)} (processed_at)`],
];
