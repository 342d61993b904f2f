import type { MigrationInterface, QueryRunner } from 'typeorm';

const STATUSES = `'open', 'accepted', 'disputed', 'resolved', 'withdrawn'`;

/**
 * Damage claims against deposits (one per rental, with their history), admin refunds, the
 * intent's view of a claim (what its deposit waits for), and a payout hold for refunds in flight.
 * Claims and refunds post the existing journal types (capture, refund) on existing accounts, so the
 * ledger's lists of types and accounts (1764000001900) stay as they are.
 */
export class PaymentClaimsAndRefunds1764000002000 implements MigrationInterface {
  name = 'PaymentClaimsAndRefunds1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment.payment_intents
      ADD COLUMN deposit_claim_id uuid,
      ADD COLUMN deposit_claim_pending boolean NOT NULL DEFAULT false,
      ADD COLUMN deposit_capture integer`);
    await q.query(`ALTER TABLE payment.payment_intents ADD CONSTRAINT chk_payment_intents_deposit_claim CHECK (
      (deposit_claim_id IS NOT NULL OR (NOT deposit_claim_pending AND deposit_capture IS NULL))
      AND (deposit_capture IS NULL OR (deposit_capture >= 0 AND deposit_capture <= deposit_amount AND NOT deposit_claim_pending)))`);

    await q.query('ALTER TABLE payment.payout_holds DROP CONSTRAINT chk_payout_holds_reason');
    await q.query(
      `ALTER TABLE payment.payout_holds ADD CONSTRAINT chk_payout_holds_reason CHECK (reason IN ('claim', 'dispute', 'refund'))`,
    );

    await q.query(`
      CREATE TABLE payment.claims (
        id uuid NOT NULL,
        rental_id uuid NOT NULL,
        product_id uuid NOT NULL,
        intent_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        renter_id uuid NOT NULL,
        amount integer NOT NULL,
        currency char(3) NOT NULL,
        description text NOT NULL,
        photos text[] NOT NULL DEFAULT '{}',
        status text NOT NULL,
        awarded integer,
        filed_at timestamptz NOT NULL,
        settled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_claims PRIMARY KEY (id),
        CONSTRAINT fk_claims_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_claims_status CHECK (status IN (${STATUSES})),
        CONSTRAINT chk_claims_amount CHECK (amount > 0),
        CONSTRAINT chk_claims_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT chk_claims_description CHECK (char_length(description) BETWEEN 1 AND 4000),
        CONSTRAINT chk_claims_photos CHECK (cardinality(photos) <= 10),
        CONSTRAINT chk_claims_awarded CHECK ((status IN ('accepted', 'resolved')) = (awarded IS NOT NULL) AND (awarded IS NULL OR (awarded >= 0 AND awarded <= amount)))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_claims_rental ON payment.claims (rental_id)');
    await q.query('CREATE INDEX ix_claims_status_filed ON payment.claims (status, filed_at, id)');
    await q.query('CREATE INDEX ix_claims_intent ON payment.claims (intent_id)');

    await q.query(`
      CREATE TABLE payment.claim_status_changes (
        id uuid NOT NULL,
        claim_id uuid NOT NULL,
        status text NOT NULL,
        actor_id uuid NOT NULL,
        actor_role text NOT NULL,
        amount integer,
        note text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_claim_status_changes PRIMARY KEY (id),
        CONSTRAINT fk_claim_status_changes_claim FOREIGN KEY (claim_id) REFERENCES payment.claims (id) ON DELETE RESTRICT,
        CONSTRAINT chk_claim_status_changes_status CHECK (status IN (${STATUSES})),
        CONSTRAINT chk_claim_status_changes_role CHECK (actor_role IN ('owner', 'renter', 'admin')),
        CONSTRAINT chk_claim_status_changes_note CHECK (note IS NULL OR char_length(note) <= 2000)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_claim_status_changes ON payment.claim_status_changes (claim_id, status)',
    );

    await q.query(`
      CREATE TABLE payment.refunds (
        id uuid NOT NULL,
        intent_id uuid NOT NULL,
        leg text NOT NULL,
        amount integer NOT NULL,
        currency char(3) NOT NULL,
        reason text NOT NULL,
        status text NOT NULL,
        gateway_refund_id text,
        journal_key text,
        error text,
        requested_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        CONSTRAINT pk_refunds PRIMARY KEY (id),
        CONSTRAINT fk_refunds_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_refunds_status CHECK (status IN ('pending', 'succeeded', 'failed')),
        CONSTRAINT chk_refunds_leg CHECK (leg IN ('charge')),
        CONSTRAINT chk_refunds_amount CHECK (amount > 0),
        CONSTRAINT chk_refunds_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT chk_refunds_reason CHECK (char_length(reason) BETWEEN 1 AND 500)
      )`);
    await q.query('CREATE INDEX ix_refunds_intent ON payment.refunds (intent_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.refunds');
    await q.query('DROP TABLE payment.claim_status_changes');
    await q.query('DROP TABLE payment.claims');
    await q.query(`DELETE FROM payment.payout_holds WHERE reason = 'refund'`);
    await q.query('ALTER TABLE payment.payout_holds DROP CONSTRAINT chk_payout_holds_reason');
    await q.query(
      `ALTER TABLE payment.payout_holds ADD CONSTRAINT chk_payout_holds_reason CHECK (reason IN ('claim', 'dispute'))`,
    );
    await q.query('ALTER TABLE payment.payment_intents DROP CONSTRAINT chk_payment_intents_deposit_claim');
    await q.query(`ALTER TABLE payment.payment_intents
      DROP COLUMN deposit_capture, DROP COLUMN deposit_claim_pending, DROP COLUMN deposit_claim_id`);
  }
}
