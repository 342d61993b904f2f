import type { QueryRunner } from 'typeorm';
import { idempotencyTable } from './idempotency.service';

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
