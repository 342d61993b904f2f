import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The reconciliation job's last word on each subject it compares with the gateway. */
export class PaymentReconciliation1764000001902 implements MigrationInterface {
  name = 'PaymentReconciliation1764000001902';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment.reconciliation_subjects (
        subject_type text NOT NULL,
        subject_id uuid NOT NULL,
        rental_id uuid,
        checked_at timestamptz NOT NULL,
        drifts jsonb NOT NULL DEFAULT '[]',
        drifting_since timestamptz,
        CONSTRAINT pk_reconciliation_subjects PRIMARY KEY (subject_type, subject_id),
        CONSTRAINT chk_reconciliation_subjects_type CHECK (subject_type IN ('intent', 'rental_transfers', 'dispute'))
      )`);
    await q.query(
      `CREATE INDEX ix_reconciliation_subjects_drifting ON payment.reconciliation_subjects (subject_type)
       WHERE drifts <> '[]'::jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE payment.reconciliation_subjects');
  }
}
