import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Self-service erasure: an erased account keeps its row (other contexts' records point at its id)
 * with status 'deleted' and when it happened, and nothing else about the person.
 */
export class AccountDeletion1764000001030 implements MigrationInterface {
  name = 'AccountDeletion1764000001030';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE identity.users ADD COLUMN deleted_at timestamptz');
    await q.query('ALTER TABLE identity.users DROP CONSTRAINT chk_users_status');
    await q.query(
      `ALTER TABLE identity.users ADD CONSTRAINT chk_users_status CHECK (status IN ('active', 'suspended', 'deleted'))`,
    );
    await q.query(
      `ALTER TABLE identity.users ADD CONSTRAINT chk_users_deleted CHECK ((status = 'deleted') = (deleted_at IS NOT NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Erased accounts cannot come back to life: their rows fail the old check, so down refuses them.
    await q.query('ALTER TABLE identity.users DROP CONSTRAINT chk_users_deleted');
    await q.query('ALTER TABLE identity.users DROP CONSTRAINT chk_users_status');
    await q.query(
      `ALTER TABLE identity.users ADD CONSTRAINT chk_users_status CHECK (status IN ('active', 'suspended'))`,
    );
    await q.query('ALTER TABLE identity.users DROP COLUMN deleted_at');
  }
}
