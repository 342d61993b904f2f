import type { MigrationInterface, QueryRunner } from 'typeorm';
import { API_KEY_SCOPES, sqlList } from '../../src/modules/integration/domain/integration-vocabulary';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

/** API clients of third-party integrators and their keys (hashed), with the context's outbox and inbox. */
export class CreateIntegration1764000001500 implements MigrationInterface {
  name = 'CreateIntegration1764000001500';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS integration');
    await q.query(`
      CREATE TABLE integration.api_clients (
        id uuid NOT NULL,
        name text NOT NULL,
        scopes text[] NOT NULL,
        rate_limit_per_minute integer,
        created_by uuid NOT NULL,
        revoked_at timestamptz,
        revoked_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_clients PRIMARY KEY (id),
        CONSTRAINT chk_api_clients_name CHECK (char_length(name) BETWEEN 1 AND 100),
        CONSTRAINT chk_api_clients_scopes
          CHECK (cardinality(scopes) >= 1 AND scopes <@ ARRAY[${sqlList(API_KEY_SCOPES)}]::text[]),
        CONSTRAINT chk_api_clients_rate_limit CHECK (rate_limit_per_minute BETWEEN 1 AND 100000),
        CONSTRAINT chk_api_clients_revoked CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await q.query('CREATE INDEX ix_api_clients_created ON integration.api_clients (created_at, id)');
    await q.query(`
      CREATE TABLE integration.api_keys (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        key_hash character(64) NOT NULL,
        hint text NOT NULL,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_api_keys PRIMARY KEY (id),
        CONSTRAINT uq_api_keys_hash UNIQUE (key_hash),
        CONSTRAINT fk_api_keys_client FOREIGN KEY (client_id)
          REFERENCES integration.api_clients (id) ON DELETE CASCADE,
        CONSTRAINT chk_api_keys_hash CHECK (key_hash ~ '^[0-9a-f]{64}$')
      )`);
    await q.query('CREATE INDEX ix_api_keys_client ON integration.api_keys (client_id, created_at)');
    // Bookkeeping apart from the keys: a request updates it (at most once a minute per key), so a
    // key's own row changes only when an admin acts on it.
    await q.query(`
      CREATE TABLE integration.api_key_usage (
        key_id uuid NOT NULL,
        last_used_at timestamptz NOT NULL,
        CONSTRAINT pk_api_key_usage PRIMARY KEY (key_id),
        CONSTRAINT fk_api_key_usage_key FOREIGN KEY (key_id)
          REFERENCES integration.api_keys (id) ON DELETE CASCADE
      )`);
    await createEventTables(q, 'integration');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'integration');
    await q.query('DROP TABLE integration.api_key_usage');
    await q.query('DROP TABLE integration.api_keys');
    await q.query('DROP TABLE integration.api_clients');
    await q.query('DROP SCHEMA integration');
  }
}
