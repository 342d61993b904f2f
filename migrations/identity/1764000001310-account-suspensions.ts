import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspended account (trust's UserSuspended) keeps when its restriction ends, for the sign-in
 * refusal to name it; null while a ban stands. Only a suspended account has one. Every account keeps
 * the sequence of the last restriction event applied, so a late one changes nothing.
 */
export class AccountSuspensions1764000001310 implements MigrationInterface {
  name = 'AccountSuspensions1764000001310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity.users
        ADD COLUMN suspended_until timestamptz,
        ADD COLUMN restriction_sequence bigint NOT NULL DEFAULT 0,
        ADD CONSTRAINT chk_users_suspended_until CHECK (status = 'suspended' OR suspended_until IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity.users
        DROP CONSTRAINT chk_users_suspended_until,
        DROP COLUMN restriction_sequence,
        DROP COLUMN suspended_until`);
  }
}
