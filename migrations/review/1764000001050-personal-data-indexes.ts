import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data export finds a person's reviews by reviewer: product reviews in the order it
 * lists them, and user reviews they wrote (ORed with ix_user_reviews_reviewee for those about them).
 */
export class ReviewPersonalDataIndexes1764000001050 implements MigrationInterface {
  name = 'ReviewPersonalDataIndexes1764000001050';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX ix_product_reviews_reviewer ON review.product_reviews (reviewer_id, created_at, id)',
    );
    await q.query('CREATE INDEX ix_user_reviews_reviewer ON review.user_reviews (reviewer_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX review.ix_user_reviews_reviewer');
    await q.query('DROP INDEX review.ix_product_reviews_reviewer');
  }
}
