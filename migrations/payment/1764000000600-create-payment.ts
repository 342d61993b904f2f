import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';
import {
  createIdempotencyTable,
  dropIdempotencyTable,
} from '../../src/platform/idempotency/idempotency-table.migration';

const GATEWAY_STATUSES = `'none', 'requires_payment_method', 'requires_confirmation', 'requires_action', 'processing', 'requires_capture', 'succeeded', 'canceled'`;
const STAGES = `'requested', 'accepted', 'active', 'returned', 'completed', 'declined', 'expired', 'cancelled', 'due', 'void'`;
const INTENT_STATUSES = `'requires_payment_method', 'requires_action', 'processing', 'authorized', 'captured', 'succeeded', 'canceled', 'refunded'`;
const ACCOUNTS = `'payer_funds', 'held_charge', 'held_deposit', 'owner_payable', 'platform_fee', 'subscription_revenue'`;

export class CreatePayment1764000000600 implements MigrationInterface {
  name = 'CreatePayment1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS payment');
    await q.query(`
      CREATE TABLE payment.customers (
        user_id uuid NOT NULL,
        gateway_customer_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_customers PRIMARY KEY (user_id)
      )`);
    await q.query('CREATE UNIQUE INDEX uq_customers_gateway ON payment.customers (gateway_customer_id)');

    await q.query(`
      CREATE TABLE payment.payment_methods (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        gateway_payment_method_id text NOT NULL,
        type text NOT NULL,
        brand text,
        last4 text,
        exp_month integer,
        exp_year integer,
        wallet text,
        bank_name text,
        is_default boolean NOT NULL DEFAULT false,
        removed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payment_methods PRIMARY KEY (id),
        CONSTRAINT chk_payment_methods_type CHECK (type IN ('card', 'bank_account', 'wallet')),
        CONSTRAINT chk_payment_methods_last4 CHECK (last4 IS NULL OR last4 ~ '^[0-9]{4}$'),
        CONSTRAINT chk_payment_methods_expiry CHECK (exp_month IS NULL OR exp_month BETWEEN 1 AND 12)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_payment_methods_gateway ON payment.payment_methods (gateway_payment_method_id)',
    );
    await q.query('CREATE INDEX ix_payment_methods_user ON payment.payment_methods (user_id, created_at)');
    // At most one default per user, enforced where concurrency could break it.
    await q.query(
      'CREATE UNIQUE INDEX uq_payment_methods_default ON payment.payment_methods (user_id) WHERE is_default AND removed_at IS NULL',
    );

    await q.query(`
      CREATE TABLE payment.payment_intents (
        id uuid NOT NULL,
        payer_id uuid NOT NULL,
        payee_id uuid,
        purpose text NOT NULL,
        reference text NOT NULL,
        rental_id uuid,
        subscription_id uuid,
        description text NOT NULL,
        currency char(3) NOT NULL,
        amount integer NOT NULL,
        charge_amount integer NOT NULL,
        deposit_amount integer NOT NULL DEFAULT 0,
        platform_fee integer NOT NULL DEFAULT 0,
        payee_amount integer NOT NULL DEFAULT 0,
        stage text NOT NULL,
        cancelled_by text,
        refund_target integer,
        status text NOT NULL,
        payment_method_id uuid,
        off_session boolean NOT NULL DEFAULT false,
        needs_reconcile boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        lease_token uuid,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payment_intents PRIMARY KEY (id),
        CONSTRAINT fk_payment_intents_payment_method FOREIGN KEY (payment_method_id)
          REFERENCES payment.payment_methods (id) ON DELETE RESTRICT,
        CONSTRAINT chk_payment_intents_purpose CHECK (purpose IN ('rental', 'subscription')),
        CONSTRAINT chk_payment_intents_target CHECK ((purpose = 'rental') = (rental_id IS NOT NULL)
          AND (purpose = 'subscription') = (subscription_id IS NOT NULL)),
        CONSTRAINT chk_payment_intents_amounts CHECK (charge_amount > 0 AND deposit_amount >= 0
          AND amount = charge_amount + deposit_amount AND platform_fee >= 0 AND payee_amount >= 0
          AND platform_fee + payee_amount <= charge_amount),
        CONSTRAINT chk_payment_intents_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT chk_payment_intents_stage CHECK (stage IN (${STAGES})),
        CONSTRAINT chk_payment_intents_status CHECK (status IN (${INTENT_STATUSES})),
        CONSTRAINT chk_payment_intents_cancelled_by CHECK (cancelled_by IS NULL OR cancelled_by IN ('renter', 'owner'))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_payment_intents_reference ON payment.payment_intents (reference)');
    await q.query('CREATE INDEX ix_payment_intents_payer ON payment.payment_intents (payer_id, created_at)');
    await q.query('CREATE INDEX ix_payment_intents_payee ON payment.payment_intents (payee_id, created_at)');
    await q.query('CREATE INDEX ix_payment_intents_rental ON payment.payment_intents (rental_id)');
    await q.query(
      'CREATE INDEX ix_payment_intents_subscription ON payment.payment_intents (subscription_id)',
    );
    await q.query(
      'CREATE INDEX ix_payment_intents_reconcile ON payment.payment_intents (updated_at) WHERE needs_reconcile',
    );

    await q.query(`
      CREATE TABLE payment.payment_legs (
        id uuid NOT NULL,
        intent_id uuid NOT NULL,
        kind text NOT NULL,
        amount integer NOT NULL,
        capture_method text NOT NULL,
        gateway_intent_id text,
        gateway_status text NOT NULL DEFAULT 'none',
        amount_captured integer NOT NULL DEFAULT 0,
        amount_refunded integer NOT NULL DEFAULT 0,
        attempts_requested integer NOT NULL DEFAULT 0,
        attempts_made integer NOT NULL DEFAULT 0,
        client_secret text,
        next_action_type text,
        next_action_url text,
        last_error_code text,
        last_error_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payment_legs PRIMARY KEY (id),
        CONSTRAINT fk_payment_legs_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_payment_legs_kind CHECK (kind IN ('charge', 'deposit')),
        CONSTRAINT chk_payment_legs_capture_method CHECK (capture_method IN ('manual', 'automatic')),
        CONSTRAINT chk_payment_legs_gateway_status CHECK (gateway_status IN (${GATEWAY_STATUSES})),
        CONSTRAINT chk_payment_legs_amounts CHECK (amount >= 0 AND amount_captured BETWEEN 0 AND amount
          AND amount_refunded BETWEEN 0 AND amount_captured)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_payment_legs_intent_kind ON payment.payment_legs (intent_id, kind)',
    );
    await q.query('CREATE UNIQUE INDEX uq_payment_legs_gateway ON payment.payment_legs (gateway_intent_id)');

    await q.query(`
      CREATE TABLE payment.gateway_operations (
        idempotency_key text NOT NULL,
        intent_id uuid NOT NULL,
        leg_id uuid NOT NULL,
        action text NOT NULL,
        amount integer NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        error text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_gateway_operations PRIMARY KEY (idempotency_key),
        CONSTRAINT fk_gateway_operations_leg FOREIGN KEY (leg_id) REFERENCES payment.payment_legs (id) ON DELETE RESTRICT,
        CONSTRAINT chk_gateway_operations_action CHECK (action IN ('authorize', 'capture', 'cancel', 'refund')),
        CONSTRAINT chk_gateway_operations_status CHECK (status IN ('pending', 'succeeded', 'failed'))
      )`);
    await q.query('CREATE INDEX ix_gateway_operations_intent ON payment.gateway_operations (intent_id)');

    await q.query(`
      CREATE TABLE payment.ledger_entries (
        id uuid NOT NULL,
        journal_key text NOT NULL,
        journal_type text NOT NULL,
        leg text NOT NULL,
        account text NOT NULL,
        amount integer NOT NULL,
        currency char(3) NOT NULL,
        intent_id uuid NOT NULL,
        rental_id uuid,
        subscription_id uuid,
        payer_id uuid NOT NULL,
        payee_id uuid,
        gateway_reference text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_ledger_entries PRIMARY KEY (id),
        CONSTRAINT fk_ledger_entries_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_ledger_entries_amount CHECK (amount <> 0),
        CONSTRAINT chk_ledger_entries_account CHECK (account IN (${ACCOUNTS})),
        CONSTRAINT chk_ledger_entries_journal_type CHECK (journal_type IN ('authorization', 'capture', 'release', 'refund')),
        CONSTRAINT chk_ledger_entries_leg CHECK (leg IN ('charge', 'deposit'))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_ledger_entries_journal_account ON payment.ledger_entries (journal_key, account)',
    );
    await q.query('CREATE INDEX ix_ledger_entries_intent ON payment.ledger_entries (intent_id)');
    await q.query('CREATE INDEX ix_ledger_entries_rental ON payment.ledger_entries (rental_id)');
    // Append-only: corrections are new journals, never edits. No role, not even the app's, may
    // update, delete or truncate a posted entry.
    await q.query(`
      CREATE FUNCTION payment.ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payment.ledger_entries is append-only: % refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_ledger_entries_append_only BEFORE UPDATE OR DELETE ON payment.ledger_entries
      FOR EACH ROW EXECUTE FUNCTION payment.ledger_entries_append_only()`);
    await q.query(`
      CREATE TRIGGER trg_ledger_entries_no_truncate BEFORE TRUNCATE ON payment.ledger_entries
      FOR EACH STATEMENT EXECUTE FUNCTION payment.ledger_entries_append_only()`);
    // Every journal balances, checked when the transaction commits (its lines arrive one by one).
    await q.query(`
      CREATE FUNCTION payment.ledger_journal_balances() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total bigint;
      BEGIN
        SELECT sum(amount) INTO total FROM payment.ledger_entries WHERE journal_key = NEW.journal_key;
        IF total <> 0 THEN
          RAISE EXCEPTION 'ledger journal % does not balance (sum %)', NEW.journal_key, total
            USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE CONSTRAINT TRIGGER trg_ledger_entries_balanced AFTER INSERT ON payment.ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION payment.ledger_journal_balances()`);

    await q.query(`
      CREATE TABLE payment.webhook_events (
        event_id text NOT NULL,
        type text NOT NULL,
        object_id text,
        outcome text NOT NULL,
        gateway_created_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_webhook_events PRIMARY KEY (event_id),
        CONSTRAINT chk_webhook_events_outcome CHECK (outcome IN ('applied', 'ignored'))
      )`);

    // The sandbox gateway's own state (its "Stripe side"), read only by SandboxGateway.
    await q.query(`
      CREATE TABLE payment.sandbox_objects (
        id text NOT NULL,
        type text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sandbox_objects PRIMARY KEY (id)
      )`);
    await q.query(`
      CREATE TABLE payment.sandbox_requests (
        idempotency_key text NOT NULL,
        request_hash text NOT NULL,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_sandbox_requests PRIMARY KEY (idempotency_key)
      )`);

    await createEventTables(q, 'payment');
    await createIdempotencyTable(q, 'payment');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIdempotencyTable(q, 'payment');
    await dropEventTables(q, 'payment');
    await q.query('DROP TABLE payment.sandbox_requests');
    await q.query('DROP TABLE payment.sandbox_objects');
    await q.query('DROP TABLE payment.webhook_events');
    await q.query('DROP TABLE payment.ledger_entries');
    await q.query('DROP FUNCTION payment.ledger_journal_balances()');
    await q.query('DROP FUNCTION payment.ledger_entries_append_only()');
    await q.query('DROP TABLE payment.gateway_operations');
    await q.query('DROP TABLE payment.payment_legs');
    await q.query('DROP TABLE payment.payment_intents');
    await q.query('DROP TABLE payment.payment_methods');
    await q.query('DROP TABLE payment.customers');
    await q.query('DROP SCHEMA payment');
  }
}
