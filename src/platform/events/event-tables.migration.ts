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
