import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACCOUNTS_BEFORE = `'payer_funds', 'held_charge', 'held_deposit', 'owner_payable', 'platform_fee', 'subscription_revenue', 'owner_transferred', 'owner_paid_out'`;
const ACCOUNTS = `${ACCOUNTS_BEFORE}, 'disputed_funds', 'dispute_losses'`;
const JOURNAL_TYPES_BEFORE = `'authorization', 'capture', 'release', 'refund', 'transfer', 'payout'`;
const JOURNAL_TYPES = `${JOURNAL_TYPES_BEFORE}, 'dispute', 'dispute_reinstated', 'dispute_lost'`;
const STATUSES = `'warning_needs_response', 'warning_under_review', 'warning_closed', 'needs_response', 'under_review', 'won', 'lost', 'prevented'`;

/**
 * Card disputes (one row per gateway dispute, its status history and the evidence we sent), and
 * the ledger accounts and journals a chargeback moves money through: disputed_funds while it is
 * open, dispute_losses when the platform bears a lost one.
 */
export class PaymentDisputes1764000001900 implements MigrationInterface {
  name = 'PaymentDisputes1764000001900';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE payment.ledger_entries DROP CONSTRAINT chk_ledger_entries_account');
    await q.query(
      `ALTER TABLE payment.ledger_entries ADD CONSTRAINT chk_ledger_entries_account CHECK (account IN (${ACCOUNTS}))`,
    );
    await q.query('ALTER TABLE payment.ledger_entries DROP CONSTRAINT chk_ledger_entries_journal_type');
    await q.query(
      `ALTER TABLE payment.ledger_entries ADD CONSTRAINT chk_ledger_entries_journal_type CHECK (journal_type IN (${JOURNAL_TYPES}))`,
    );

    await q.query(`
      CREATE TABLE payment.disputes (
        id uuid NOT NULL,
        gateway_dispute_id text NOT NULL,
        intent_id uuid NOT NULL,
        leg text NOT NULL,
        rental_id uuid,
        payer_id uuid NOT NULL,
        payee_id uuid,
        amount integer NOT NULL,
        currency char(3) NOT NULL,
        reason text NOT NULL,
        status text NOT NULL,
        evidence_due_by timestamptz,
        evidence_submissions integer NOT NULL DEFAULT 0,
        owner_debited integer,
        platform_debited integer,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_disputes PRIMARY KEY (id),
        CONSTRAINT fk_disputes_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_disputes_status CHECK (status IN (${STATUSES})),
        CONSTRAINT chk_disputes_leg CHECK (leg IN ('charge', 'deposit')),
        CONSTRAINT chk_disputes_amount CHECK (amount > 0 AND evidence_submissions >= 0),
        CONSTRAINT chk_disputes_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT chk_disputes_lost_split CHECK ((status = 'lost') = (owner_debited IS NOT NULL AND platform_debited IS NOT NULL) AND (status <> 'lost' OR owner_debited + platform_debited = amount))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_disputes_gateway ON payment.disputes (gateway_dispute_id)');
    await q.query('CREATE INDEX ix_disputes_opened ON payment.disputes (opened_at, id)');
    await q.query('CREATE INDEX ix_disputes_intent ON payment.disputes (intent_id)');
    await q.query('CREATE INDEX ix_disputes_rental ON payment.disputes (rental_id)');

    await q.query(`
      CREATE TABLE payment.dispute_status_changes (
        id uuid NOT NULL,
        dispute_id uuid NOT NULL,
        status text NOT NULL,
        source text NOT NULL,
        gateway_event_id text,
        actor_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_dispute_status_changes PRIMARY KEY (id),
        CONSTRAINT fk_dispute_status_changes_dispute FOREIGN KEY (dispute_id) REFERENCES payment.disputes (id) ON DELETE RESTRICT,
        CONSTRAINT chk_dispute_status_changes_status CHECK (status IN (${STATUSES})),
        CONSTRAINT chk_dispute_status_changes_source CHECK (source IN ('webhook', 'gateway', 'sandbox'))
      )`);
    // Each status once per dispute: racing deliveries of the same move record it once.
    await q.query(
      'CREATE UNIQUE INDEX uq_dispute_status_changes ON payment.dispute_status_changes (dispute_id, status)',
    );

    await q.query(`
      CREATE TABLE payment.dispute_evidence (
        id uuid NOT NULL,
        dispute_id uuid NOT NULL,
        sequence integer NOT NULL,
        text text NOT NULL,
        submitted boolean NOT NULL,
        submitted_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_dispute_evidence PRIMARY KEY (id),
        CONSTRAINT fk_dispute_evidence_dispute FOREIGN KEY (dispute_id) REFERENCES payment.disputes (id) ON DELETE RESTRICT,
        CONSTRAINT chk_dispute_evidence_sequence CHECK (sequence >= 1),
        CONSTRAINT chk_dispute_evidence_text CHECK (char_length(text) BETWEEN 1 AND 20000)
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_dispute_evidence_sequence ON payment.dispute_evidence (dispute_id, sequence)',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.dispute_evidence');
    await q.query('DROP TABLE payment.dispute_status_changes');
    await q.query('DROP TABLE payment.disputes');
    await q.query('ALTER TABLE payment.ledger_entries DROP CONSTRAINT chk_ledger_entries_journal_type');
    await q.query(
      `ALTER TABLE payment.ledger_entries ADD CONSTRAINT chk_ledger_entries_journal_type CHECK (journal_type IN (${JOURNAL_TYPES_BEFORE}))`,
    );
    await q.query('ALTER TABLE payment.ledger_entries DROP CONSTRAINT chk_ledger_entries_account');
    await q.query(
      `ALTER TABLE payment.ledger_entries ADD CONSTRAINT chk_ledger_entries_account CHECK (account IN (${ACCOUNTS_BEFORE}))`,
    );
  }
}
