import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { DisputeEntity } from './dispute.entity';

export const DISPUTE_EVIDENCE_MAX_LENGTH = 20_000;

/** What an admin sent the card network (or staged) for a dispute, in order: the record of our answer. */
@Entity({ schema: 'payment', name: 'dispute_evidence' })
@Index('uq_dispute_evidence_sequence', ['disputeId', 'sequence'], { unique: true })
@Check('chk_dispute_evidence_sequence', 'sequence >= 1')
@Check('chk_dispute_evidence_text', `char_length(text) BETWEEN 1 AND ${DISPUTE_EVIDENCE_MAX_LENGTH}`)
export class DisputeEvidenceEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_dispute_evidence' })
  id: string;

  @Column('uuid')
  disputeId: string;

  @ManyToOne(() => DisputeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dispute_id', foreignKeyConstraintName: 'fk_dispute_evidence_dispute' })
  dispute?: Relation<DisputeEntity>;

  /** 1, 2, ...: also the gateway call's idempotency key suffix. */
  @Column('integer')
  sequence: number;

  @Column('text')
  text: string;

  /** False: staged at the gateway, not yet sent to the card network. */
  @Column('boolean')
  submitted: boolean;

  @Column('uuid')
  submittedBy: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
