import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each listing's cancellation policy (#15 item 4). Existing listings get `flexible`, the most
 * generous to renters and the closest to how cancellations were refunded before policies existed;
 * their owners choose another with PUT /products/{id}.
 */
export class CancellationPolicy1764000001700 implements MigrationInterface {
  name = 'CancellationPolicy1764000001700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE catalog.products
        ADD COLUMN cancellation_policy text NOT NULL DEFAULT 'flexible',
        ADD CONSTRAINT chk_products_cancellation_policy
          CHECK (cancellation_policy IN ('flexible', 'moderate', 'strict'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE catalog.products
        DROP CONSTRAINT chk_products_cancellation_policy,
        DROP COLUMN cancellation_policy`);
  }
}
