import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared rate-limit counters, so several app instances count one limit together. UNLOGGED: no
 * WAL and not replicated, which suits counters that only forgive a few attempts if lost in a crash.
 */
export class RateLimits1764000000010 implements MigrationInterface {
  name = 'RateLimits1764000000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS platform');
    await q.query(`
      CREATE UNLOGGED TABLE platform.rate_limits (
        key text NOT NULL,
        count integer NOT NULL,
        resets_at timestamptz NOT NULL,
        CONSTRAINT pk_rate_limits PRIMARY KEY (key),
        CONSTRAINT chk_rate_limits_count CHECK (count > 0)
      )`);
    await q.query('CREATE INDEX ix_rate_limits_resets_at ON platform.rate_limits (resets_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE platform.rate_limits');
    await q.query('DROP SCHEMA platform');
  }
}
