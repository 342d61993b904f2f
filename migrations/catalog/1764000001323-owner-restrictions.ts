import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog's copy of trust's restriction of each owner it heard of (UserSuspended/UserReinstated),
 * with the sequence of the last event applied, so a late event changes nothing and a listing
 * created meanwhile takes its owner's standing from catalog's own table. The index of inactive
 * owners served the polling job these events replaced.
 */
export class OwnerRestrictions1764000001323 implements MigrationInterface {
  name = 'OwnerRestrictions1764000001323';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE catalog.owner_restrictions (
        owner_id uuid NOT NULL,
        restricted boolean NOT NULL,
        sequence bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_owner_restrictions PRIMARY KEY (owner_id)
      )`);
    await q.query('DROP INDEX catalog.ix_products_inactive_owner');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE INDEX ix_products_inactive_owner ON catalog.products (owner_id) WHERE NOT owner_active',
    );
    await q.query('DROP TABLE catalog.owner_restrictions');
  }
}
