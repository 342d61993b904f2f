import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one row per admin action or security event, written in the transaction of the
 * change it records (AuditTrail). Append-only in the database, as the ledger is: a trigger refuses
 * every UPDATE, DELETE and TRUNCATE. The app's role owns the table and so could drop the trigger;
 * per-context roles without that power are issue #19's. `details` is small and never personal data
 * (an erased account's entries stay, naming only its id).
 */
export class Audit1764000001200 implements MigrationInterface {
  name = 'Audit1764000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA audit');
    await q.query(`
      CREATE TABLE audit.entries (
        id uuid NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid,
        actor_role text NOT NULL,
        action text NOT NULL,
        target_type text,
        target_id text,
        request_id text,
        network text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT pk_audit_entries PRIMARY KEY (id),
        CONSTRAINT chk_audit_entries_actor_role CHECK (actor_role IN ('user', 'admin', 'system', 'anonymous')),
        CONSTRAINT chk_audit_entries_actor CHECK ((actor_id IS NULL) = (actor_role IN ('system', 'anonymous'))),
        CONSTRAINT chk_audit_entries_action CHECK (action ~ '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$' AND length(action) <= 100),
        CONSTRAINT chk_audit_entries_target CHECK ((target_type IS NULL) = (target_id IS NULL)),
        CONSTRAINT chk_audit_entries_target_size CHECK (length(target_type) <= 50 AND length(target_id) <= 100),
        CONSTRAINT chk_audit_entries_request_id CHECK (length(request_id) <= 128),
        CONSTRAINT chk_audit_entries_details CHECK (jsonb_typeof(details) = 'object' AND length(details::text) <= 2000)
      )`);
    // The admins' reads, newest first (keyset on occurred_at, id): all entries, or by one filter.
    await q.query('CREATE INDEX ix_audit_entries_recent ON audit.entries (occurred_at DESC, id DESC)');
    await q.query(`
      CREATE INDEX ix_audit_entries_actor ON audit.entries (actor_id, occurred_at DESC, id DESC)
      WHERE actor_id IS NOT NULL`);
    await q.query(`
      CREATE INDEX ix_audit_entries_target ON audit.entries (target_type, target_id, occurred_at DESC, id DESC)
      WHERE target_id IS NOT NULL`);
    await q.query(
      'CREATE INDEX ix_audit_entries_action ON audit.entries (action, occurred_at DESC, id DESC)',
    );
    await q.query(`
      CREATE FUNCTION audit.entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit.entries is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_audit_entries_append_only BEFORE UPDATE OR DELETE ON audit.entries
      FOR EACH ROW EXECUTE FUNCTION audit.entries_append_only()`);
    await q.query(`
      CREATE TRIGGER trg_audit_entries_no_truncate BEFORE TRUNCATE ON audit.entries
      FOR EACH STATEMENT EXECUTE FUNCTION audit.entries_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE audit.entries');
    await q.query('DROP FUNCTION audit.entries_append_only()');
    await q.query('DROP SCHEMA audit');
  }
}
