import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-data export reads a person's ledger lines as payer or as payee
 * (`payer_id = $1 OR payee_id = $1`); with one index per side the planner ORs two bitmap scans
 * instead of reading the whole append-only ledger.
 */
export class PaymentPersonalDataIndexes1764000001050 implements MigrationInterface {
  name = 'PaymentPersonalDataIndexes1764000001050';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX ix_ledger_entries_payer ON payment.ledger_entries (payer_id, created_at)');
    await q.query('CREATE INDEX ix_ledger_entries_payee ON payment.ledger_entries (payee_id, created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX payment.ix_ledger_entries_payee');
    await q.query('DROP INDEX payment.ix_ledger_entries_payer');
  }
}
