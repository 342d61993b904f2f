import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  DELIVERY_STATUSES,
  DISABLED_REASONS,
  sqlList,
} from '../../src/modules/integration/domain/integration-vocabulary';

/** Integrators' webhook endpoints, one delivery per endpoint and event, and each attempt's record. */
export class Webhooks1764000001503 implements MigrationInterface {
  name = 'Webhooks1764000001503';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE integration.webhook_endpoints (
        id uuid NOT NULL,
        client_id uuid NOT NULL,
        url text NOT NULL,
        description text,
        event_types text[] NOT NULL,
        secret_sealed text NOT NULL,
        previous_secret_sealed text,
        previous_secret_expires_at timestamptz,
        enabled boolean NOT NULL DEFAULT true,
        disabled_reason text,
        disabled_at timestamptz,
        failing_since timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_endpoints PRIMARY KEY (id),
        CONSTRAINT fk_webhook_endpoints_client FOREIGN KEY (client_id)
          REFERENCES integration.api_clients (id) ON DELETE CASCADE,
        CONSTRAINT chk_webhook_endpoints_url CHECK (char_length(url) BETWEEN 1 AND 2048),
        CONSTRAINT chk_webhook_endpoints_description CHECK (char_length(description) <= 200),
        CONSTRAINT chk_webhook_endpoints_types CHECK (cardinality(event_types) BETWEEN 1 AND 100),
        CONSTRAINT chk_webhook_endpoints_disabled CHECK (
          enabled = (disabled_reason IS NULL) AND (disabled_reason IS NULL) = (disabled_at IS NULL)
          AND (disabled_reason IS NULL OR disabled_reason IN (${sqlList(DISABLED_REASONS)}))),
        CONSTRAINT chk_webhook_endpoints_previous_secret
          CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_webhook_endpoints_url ON integration.webhook_endpoints (client_id, url)',
    );
    await q.query(`
      CREATE TABLE integration.webhook_deliveries (
        id uuid NOT NULL,
        endpoint_id uuid NOT NULL,
        position bigint NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        resource text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        leased_until timestamptz,
        deadline_at timestamptz NOT NULL,
        last_attempt_at timestamptz,
        last_status_code integer,
        last_error text,
        completed_at timestamptz,
        redelivery_of uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_deliveries PRIMARY KEY (id),
        CONSTRAINT fk_webhook_deliveries_endpoint FOREIGN KEY (endpoint_id)
          REFERENCES integration.webhook_endpoints (id) ON DELETE CASCADE,
        CONSTRAINT fk_webhook_deliveries_event FOREIGN KEY (position)
          REFERENCES integration.feed_events (position) ON DELETE CASCADE,
        CONSTRAINT chk_webhook_deliveries_status CHECK (status IN (${sqlList(DELIVERY_STATUSES)})),
        CONSTRAINT chk_webhook_deliveries_schedule CHECK (
          (status = 'pending') = (next_attempt_at IS NOT NULL) AND (status = 'pending') = (completed_at IS NULL))
      )`);
    // One delivery per endpoint and event from the fan-out; redeliveries are extra rows.
    await q.query(`CREATE UNIQUE INDEX uq_webhook_deliveries_event ON integration.webhook_deliveries
      (endpoint_id, event_id) WHERE redelivery_of IS NULL`);
    await q.query(`CREATE INDEX ix_webhook_deliveries_due ON integration.webhook_deliveries (next_attempt_at)
      WHERE status = 'pending'`);
    // What per-resource ordering asks of each candidate: an earlier pending delivery of its resource.
    await q.query(`CREATE INDEX ix_webhook_deliveries_resource ON integration.webhook_deliveries
      (endpoint_id, resource, position) WHERE status = 'pending'`);
    await q.query(
      'CREATE INDEX ix_webhook_deliveries_log ON integration.webhook_deliveries (endpoint_id, created_at, id)',
    );
    await q.query('CREATE INDEX ix_webhook_deliveries_position ON integration.webhook_deliveries (position)');
    await q.query(`
      CREATE TABLE integration.webhook_attempts (
        id uuid NOT NULL,
        delivery_id uuid NOT NULL,
        attempted_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        status_code integer,
        error text,
        response_excerpt text,
        CONSTRAINT pk_webhook_attempts PRIMARY KEY (id),
        CONSTRAINT fk_webhook_attempts_delivery FOREIGN KEY (delivery_id)
          REFERENCES integration.webhook_deliveries (id) ON DELETE CASCADE
      )`);
    await q.query(
      'CREATE INDEX ix_webhook_attempts_delivery ON integration.webhook_attempts (delivery_id, attempted_at)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE integration.webhook_attempts');
    await q.query('DROP TABLE integration.webhook_deliveries');
    await q.query('DROP TABLE integration.webhook_endpoints');
  }
}
