import type { MigrationInterface, QueryRunner } from 'typeorm';

const ACCOUNTS_BEFORE = `'payer_funds', 'held_charge', 'held_deposit', 'owner_payable', 'platform_fee', 'subscription_revenue'`;
const ACCOUNTS = `${ACCOUNTS_BEFORE}, 'owner_transferred', 'owner_paid_out'`;
const JOURNAL_TYPES_BEFORE = `'authorization', 'capture', 'release', 'refund'`;
const JOURNAL_TYPES = `${JOURNAL_TYPES_BEFORE}, 'transfer', 'payout'`;
const PAYOUT_STATUSES = `'pending', 'transferring', 'transferred', 'paid_out', 'cancelled'`;

/**
 * Owners' payouts (one per rental and leg: the owner's share, transferred after completion),
 * the holds that keep one back (claims, disputes), and the ledger accounts money moves through
 * on its way to the owner: owner_payable → owner_transferred → owner_paid_out.
 */
export class PaymentOwnerPayouts1764000001601 implements MigrationInterface {
  name = 'PaymentOwnerPayouts1764000001601';

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
      CREATE TABLE payment.payouts (
        id uuid NOT NULL,
        rental_id uuid NOT NULL,
        intent_id uuid NOT NULL,
        leg text NOT NULL,
        owner_id uuid NOT NULL,
        currency char(3) NOT NULL,
        amount integer NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        release_after timestamptz NOT NULL,
        refusals integer NOT NULL DEFAULT 0,
        gateway_account_id text,
        gateway_transfer_id text,
        gateway_payout_id text,
        lease_until timestamptz,
        last_error text,
        transferred_at timestamptz,
        paid_out_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_payouts PRIMARY KEY (id),
        CONSTRAINT fk_payouts_intent FOREIGN KEY (intent_id) REFERENCES payment.payment_intents (id) ON DELETE RESTRICT,
        CONSTRAINT chk_payouts_leg CHECK (leg IN ('charge', 'deposit')),
        CONSTRAINT chk_payouts_status CHECK (status IN (${PAYOUT_STATUSES})),
        CONSTRAINT chk_payouts_amount CHECK (amount >= 0 AND refusals >= 0),
        CONSTRAINT chk_payouts_transferred CHECK (status NOT IN ('transferred', 'paid_out')
          OR (gateway_transfer_id IS NOT NULL AND transferred_at IS NOT NULL AND amount > 0))
      )`);
    // One payout per rental and leg: racing completions or job runs cannot make a second.
    await q.query('CREATE UNIQUE INDEX uq_payouts_rental_leg ON payment.payouts (rental_id, leg)');
    await q.query('CREATE UNIQUE INDEX uq_payouts_gateway_transfer ON payment.payouts (gateway_transfer_id)');
    await q.query('CREATE INDEX ix_payouts_owner ON payment.payouts (owner_id, created_at, id)');
    await q.query(
      `CREATE INDEX ix_payouts_due ON payment.payouts (release_after) WHERE status IN ('pending', 'transferring')`,
    );

    await q.query(`
      CREATE TABLE payment.payout_holds (
        id uuid NOT NULL,
        rental_id uuid NOT NULL,
        reason text NOT NULL,
        reference text NOT NULL,
        placed_at timestamptz NOT NULL DEFAULT now(),
        lifted_at timestamptz,
        CONSTRAINT pk_payout_holds PRIMARY KEY (id),
        CONSTRAINT chk_payout_holds_reason CHECK (reason IN ('claim', 'dispute'))
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_payout_holds_reference ON payment.payout_holds (rental_id, reason, reference)',
    );
    await q.query(
      'CREATE INDEX ix_payout_holds_open ON payment.payout_holds (rental_id) WHERE lifted_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.payout_holds');
    await q.query('DROP TABLE payment.payouts');
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
