import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A review a moderator removed (trust.ContentRemoved) is kept, for the audit of the decision and
 * for its author's data export, but leaves every list and every rating summary.
 */
export class RemovedReviews1764000001322 implements MigrationInterface {
  name = 'RemovedReviews1764000001322';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE review.product_reviews ADD COLUMN removed_at timestamptz');
    await q.query('ALTER TABLE review.user_reviews ADD COLUMN removed_at timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE review.user_reviews DROP COLUMN removed_at');
    await q.query('ALTER TABLE review.product_reviews DROP COLUMN removed_at');
  }
}
