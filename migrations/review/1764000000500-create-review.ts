import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

const STATS_COLUMNS = `
        review_count integer NOT NULL,
        rating_sum integer NOT NULL,
        stars_1 integer NOT NULL,
        stars_2 integer NOT NULL,
        stars_3 integer NOT NULL,
        stars_4 integer NOT NULL,
        stars_5 integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),`;

// Count, sum and distribution can never disagree, whatever the code does.
const CONSISTENT = `stars_1 >= 0 AND stars_2 >= 0 AND stars_3 >= 0 AND stars_4 >= 0 AND stars_5 >= 0
          AND review_count = stars_1 + stars_2 + stars_3 + stars_4 + stars_5
          AND rating_sum = stars_1 + 2 * stars_2 + 3 * stars_3 + 4 * stars_4 + 5 * stars_5`;

export class CreateReview1764000000500 implements MigrationInterface {
  name = 'CreateReview1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS review');
    await q.query(`
      CREATE TABLE review.product_reviews (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        rental_id uuid,
        reviewer_id uuid NOT NULL,
        rating smallint NOT NULL,
        title text,
        body text NOT NULL,
        verified boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_product_reviews PRIMARY KEY (id),
        CONSTRAINT chk_product_reviews_rating CHECK (rating BETWEEN 1 AND 5),
        CONSTRAINT chk_product_reviews_verified CHECK (verified = (rental_id IS NOT NULL))
      )`);
    // One verified review per rental; one unverified review per person and product.
    await q.query(
      'CREATE UNIQUE INDEX uq_product_reviews_rental ON review.product_reviews (rental_id) WHERE rental_id IS NOT NULL',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_product_reviews_unverified ON review.product_reviews (product_id, reviewer_id) WHERE rental_id IS NULL',
    );
    await q.query(
      'CREATE INDEX ix_product_reviews_product ON review.product_reviews (product_id, created_at, id)',
    );
    await q.query(`
      CREATE TABLE review.user_reviews (
        id uuid NOT NULL,
        rental_id uuid NOT NULL,
        product_id uuid NOT NULL,
        reviewer_id uuid NOT NULL,
        reviewee_id uuid NOT NULL,
        role text NOT NULL,
        rating smallint NOT NULL,
        body text NOT NULL,
        window_closes_at timestamptz NOT NULL,
        visible_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_user_reviews PRIMARY KEY (id),
        CONSTRAINT chk_user_reviews_rating CHECK (rating BETWEEN 1 AND 5),
        CONSTRAINT chk_user_reviews_role CHECK (role IN ('renter', 'owner')),
        CONSTRAINT chk_user_reviews_not_self CHECK (reviewer_id <> reviewee_id)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_user_reviews_direction ON review.user_reviews (rental_id, reviewer_id, reviewee_id)',
    );
    // What the reveal job scans: hidden reviews by the time their window closes.
    await q.query(
      'CREATE INDEX ix_user_reviews_hidden ON review.user_reviews (window_closes_at) WHERE visible_at IS NULL',
    );
    await q.query(
      'CREATE INDEX ix_user_reviews_reviewee ON review.user_reviews (reviewee_id, role, visible_at)',
    );
    await q.query(`
      CREATE TABLE review.product_rating_stats (
        product_id uuid NOT NULL,${STATS_COLUMNS}
        CONSTRAINT pk_product_rating_stats PRIMARY KEY (product_id),
        CONSTRAINT chk_product_rating_stats_consistent CHECK (${CONSISTENT})
      )`);
    await q.query(`
      CREATE TABLE review.user_rating_stats (
        user_id uuid NOT NULL,
        role text NOT NULL,${STATS_COLUMNS}
        CONSTRAINT pk_user_rating_stats PRIMARY KEY (user_id, role),
        CONSTRAINT chk_user_rating_stats_role CHECK (role IN ('renter', 'owner')),
        CONSTRAINT chk_user_rating_stats_consistent CHECK (${CONSISTENT})
      )`);
    await createEventTables(q, 'review');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'review');
    await q.query('DROP TABLE review.user_rating_stats');
    await q.query('DROP TABLE review.product_rating_stats');
    await q.query('DROP TABLE review.user_reviews');
    await q.query('DROP TABLE review.product_reviews');
    await q.query('DROP SCHEMA review');
  }
}
