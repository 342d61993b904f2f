import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message a moderator removed (trust.ContentRemoved) is kept, for the audit of the decision and
 * for its author's data export, but no participant reads it any more.
 */
export class RemovedMessages1764000001321 implements MigrationInterface {
  name = 'RemovedMessages1764000001321';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE messaging.messages ADD COLUMN removed_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE messaging.messages DROP COLUMN removed_at');
  }
}
