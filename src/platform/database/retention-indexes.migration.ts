import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventRetentionIndexes, dropEventRetentionIndexes } from '../events/event-tables.migration';
import {
  createIdempotencyRetentionIndex,
  dropIdempotencyRetentionIndex,
} from '../idempotency/idempotency-table.migration';

/**
 * The indexes the retention jobs walk to prune one context's outbox and inbox (and its
 * Idempotency-Key store, when it has one). Each context's migration extends this with its schema.
 * Built CONCURRENTLY, so outside a transaction: the tables keep taking writes meanwhile.
 */
export abstract class RetentionIndexesMigration implements MigrationInterface {
  abstract name: string;
  readonly transaction = false as const;

  protected constructor(
    private readonly schema: string,
    private readonly hasIdempotencyKeys: boolean,
  ) {}

  async up(q: QueryRunner): Promise<void> {
    await createEventRetentionIndexes(q, this.schema);
    if (this.hasIdempotencyKeys) await createIdempotencyRetentionIndex(q, this.schema);
  }

  async down(q: QueryRunner): Promise<void> {
    if (this.hasIdempotencyKeys) await dropIdempotencyRetentionIndex(q, this.schema);
    await dropEventRetentionIndexes(q, this.schema);
  }
}
