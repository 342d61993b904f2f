import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal-data exports (GDPR art. 15 and 20): one row per request, the assembled document kept
 * until it expires. A person has at most one export being assembled at a time.
 */
export class DataExports1764000001040 implements MigrationInterface {
  name = 'DataExports1764000001040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.data_exports (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        status text NOT NULL,
        document jsonb,
        requested_at timestamptz NOT NULL,
        completed_at timestamptz,
        expires_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_data_exports PRIMARY KEY (id),
        CONSTRAINT fk_data_exports_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE,
        CONSTRAINT chk_data_exports_status CHECK (status IN ('pending', 'ready', 'failed')),
        CONSTRAINT chk_data_exports_completed CHECK ((status = 'pending') = (completed_at IS NULL)),
        CONSTRAINT chk_data_exports_ready CHECK ((status = 'ready') = (expires_at IS NOT NULL)
          AND (document IS NULL OR status = 'ready')),
        CONSTRAINT chk_data_exports_failed CHECK ((status = 'failed') = (last_error IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_data_exports_pending ON identity.data_exports (user_id) WHERE status = 'pending'`,
    );
    await q.query('CREATE INDEX ix_data_exports_user ON identity.data_exports (user_id, requested_at)');
    // What the purge job scans: documents still held, by expiry.
    await q.query(
      'CREATE INDEX ix_data_exports_expiring ON identity.data_exports (expires_at) WHERE document IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.data_exports');
  }
}
