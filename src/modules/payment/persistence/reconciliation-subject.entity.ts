import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Drift } from '../domain/reconciliation';

export type ReconciliationSubjectType = 'intent' | 'rental_transfers' | 'dispute';

/**
 * The last reconciliation of one subject (a payment intent, a rental's transfers, a dispute):
 * when it was compared with the gateway, and the drift found then (empty when it agreed). The
 * drift gauge is read from here, so every instance reports the same numbers, and the rotation
 * (least recently checked first) from checked_at.
 */
@Entity({ schema: 'payment', name: 'reconciliation_subjects' })
@Index('ix_reconciliation_subjects_drifting', ['subjectType'], { where: `drifts <> '[]'::jsonb` })
@Check('chk_reconciliation_subjects_type', `subject_type IN ('intent', 'rental_transfers', 'dispute')`)
export class ReconciliationSubjectEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_reconciliation_subjects' })
  subjectType: ReconciliationSubjectType;

  /** Our id of the subject (the intent's, the rental's, the dispute's). */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_reconciliation_subjects' })
  subjectId: string;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  /** The job's clock at the last check. */
  @Column('timestamptz')
  checkedAt: Date;

  @Column('jsonb', { default: () => `'[]'` })
  drifts: Drift[];

  /** Since when it has disagreed (unbroken); null while it agrees. */
  @Column('timestamptz', { nullable: true })
  driftingSince: Date | null;
}
