import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ix_listing_usage_owner covered only active listings (the usage count), so the personal-data
 * export, which lists all of an owner's listings, read the whole table. One full index on
 * (owner_id, active) serves both: the count matches on both columns, the export on the first.
 */
export class SubscriptionPersonalDataIndexes1764000001050 implements MigrationInterface {
  name = 'SubscriptionPersonalDataIndexes1764000001050';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX subscription.ix_listing_usage_owner');
    await q.query('CREATE INDEX ix_listing_usage_owner ON subscription.listing_usage (owner_id, active)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX subscription.ix_listing_usage_owner');
    await q.query(
      'CREATE INDEX ix_listing_usage_owner ON subscription.listing_usage (owner_id) WHERE active',
    );
  }
}
