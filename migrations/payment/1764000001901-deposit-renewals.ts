import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'requested', 'authorized', 'completed', 'failed', 'abandoning', 'abandoned'`;

/** Attempts to renew deposit holds before the card authorization lapses (long rentals). */
export class PaymentDepositRenewals1764000001901 implements MigrationInterface {
  name = 'PaymentDepositRenewals1764000001901';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment.deposit_renewals (
        id uuid NOT NULL,
        intent_id uuid NOT NULL,
        leg_id uuid NOT NULL,
        generation integer NOT NULL,
        attempt integer NOT NULL,
        idempotency_key text NOT NULL,
        replaces_gateway_intent_id text NOT NULL,
        gateway_intent_id text,
        status text NOT NULL,
        error_code text,
        error_message text,
        requested_at timestamptz NOT NULL,
        authorized_at timestamptz,
        finished_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_deposit_renewals PRIMARY KEY (id),
        CONSTRAINT fk_deposit_renewals_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT fk_deposit_renewals_leg FOREIGN KEY (leg_id) REFERENCES payment.payment_legs (id) ON DELETE RESTRICT,
        CONSTRAINT chk_deposit_renewals_status CHECK (status IN (${STATUSES})),
        CONSTRAINT chk_deposit_renewals_counts CHECK (generation >= 1 AND attempt >= 1),
        CONSTRAINT chk_deposit_renewals_authorized CHECK (status NOT IN ('authorized', 'completed') OR (gateway_intent_id IS NOT NULL AND authorized_at IS NOT NULL))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_deposit_renewals_key ON payment.deposit_renewals (idempotency_key)',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_deposit_renewals_attempt ON payment.deposit_renewals (leg_id, generation, attempt)',
    );
    // One renewal in flight per deposit: racing job runs (or instances) cannot renew twice.
    await q.query(
      `CREATE UNIQUE INDEX uq_deposit_renewals_in_flight ON payment.deposit_renewals (leg_id)
       WHERE status IN ('requested', 'authorized', 'abandoning')`,
    );
    await q.query('CREATE INDEX ix_deposit_renewals_intent ON payment.deposit_renewals (intent_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.deposit_renewals');
  }
}
