import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listings under moderation (#16): `pending_approval` (waiting for a moderator: a resubmitted
 * takedown, or a first publication when LISTINGS_REQUIRE_APPROVAL is on) and `hidden` (taken down
 * by a moderator, with the reason the owner is shown), and the two queues moderators work through,
 * oldest first.
 */
export class ListingModeration1764000001320 implements MigrationInterface {
  name = 'ListingModeration1764000001320';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE catalog.products
        ADD COLUMN moderation_reason text,
        ADD COLUMN moderated_at timestamptz,
        ADD COLUMN submitted_at timestamptz,
        ADD COLUMN approved_at timestamptz,
        DROP CONSTRAINT chk_products_status,
        ADD CONSTRAINT chk_products_status
          CHECK (status IN ('draft', 'active', 'paused', 'pending_approval', 'hidden')),
        ADD CONSTRAINT chk_products_moderation
          CHECK ((moderation_reason IS NULL) = (moderated_at IS NULL)
            AND (status <> 'hidden' OR moderation_reason IS NOT NULL)
            AND (status <> 'pending_approval' OR submitted_at IS NOT NULL))`);
    await q.query(`
      CREATE INDEX ix_products_awaiting_approval ON catalog.products (submitted_at, id)
      WHERE status = 'pending_approval' AND deleted_at IS NULL`);
    await q.query(`
      CREATE INDEX ix_products_hidden ON catalog.products (moderated_at, id)
      WHERE status = 'hidden' AND deleted_at IS NULL`);
  }

  /** Listings under moderation go back to the nearest older status: not listed (draft). */
  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX catalog.ix_products_hidden');
    await q.query('DROP INDEX catalog.ix_products_awaiting_approval');
    await q.query(
      `UPDATE catalog.products SET status = 'draft' WHERE status IN ('pending_approval', 'hidden')`,
    );
    await q.query(`
      ALTER TABLE catalog.products
        DROP CONSTRAINT chk_products_moderation,
        DROP CONSTRAINT chk_products_status,
        ADD CONSTRAINT chk_products_status CHECK (status IN ('draft', 'active', 'paused')),
        DROP COLUMN approved_at,
        DROP COLUMN submitted_at,
        DROP COLUMN moderated_at,
        DROP COLUMN moderation_reason`);
  }
}
