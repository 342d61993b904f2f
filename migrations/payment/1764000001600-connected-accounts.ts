import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Owners' connected accounts at the gateway (Stripe Connect Express) and their onboarding state. */
export class PaymentConnectedAccounts1764000001600 implements MigrationInterface {
  name = 'PaymentConnectedAccounts1764000001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment.connected_accounts (
        user_id uuid NOT NULL,
        gateway_account_id text NOT NULL,
        details_submitted boolean NOT NULL DEFAULT false,
        charges_enabled boolean NOT NULL DEFAULT false,
        payouts_enabled boolean NOT NULL DEFAULT false,
        requirements_due text[] NOT NULL DEFAULT '{}',
        disabled_reason text,
        state_observed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_connected_accounts PRIMARY KEY (user_id)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_connected_accounts_gateway ON payment.connected_accounts (gateway_account_id)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.connected_accounts');
  }
}
