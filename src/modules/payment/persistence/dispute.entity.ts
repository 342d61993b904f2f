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
  UpdateDateColumn,
} from 'typeorm';
import type { DisputeStatus } from '../domain/dispute';
import { DISPUTE_STATUSES } from '../domain/dispute';
import type { LegKind } from '../domain/payment-intent';
import { PaymentIntentEntity } from './payment-intent.entity';
import { sqlList } from './sql-list';

/**
 * A card dispute on one of our charges, as the gateway's webhooks (and our evidence) moved it.
 * One row per gateway dispute (unique): racing deliveries of its events meet on it.
 */
@Entity({ schema: 'payment', name: 'disputes' })
@Index('uq_disputes_gateway', ['gatewayDisputeId'], { unique: true })
@Index('ix_disputes_opened', ['openedAt', 'id'])
@Index('ix_disputes_intent', ['intentId'])
@Index('ix_disputes_rental', ['rentalId'])
@Check('chk_disputes_status', `status IN (${sqlList(DISPUTE_STATUSES)})`)
@Check('chk_disputes_leg', `leg IN ('charge', 'deposit')`)
@Check('chk_disputes_amount', 'amount > 0 AND evidence_submissions >= 0')
@Check('chk_disputes_currency', `currency ~ '^[A-Z]{3}$'`)
@Check(
  'chk_disputes_lost_split',
  `(status = 'lost') = (owner_debited IS NOT NULL AND platform_debited IS NOT NULL) AND (status <> 'lost' OR owner_debited + platform_debited = amount)`,
)
export class DisputeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_disputes' })
  id: string;

  @Column('text')
  gatewayDisputeId: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_disputes_intent' })
  intent?: Relation<PaymentIntentEntity>;

  /** Which of the intent's legs (gateway payment intents) is disputed. */
  @Column('text')
  leg: LegKind;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  /** identity's ids of who paid (and disputed) and who was paid; no foreign key across schemas. */
  @Column('uuid')
  payerId: string;

  @Column('uuid', { nullable: true })
  payeeId: string | null;

  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  reason: string;

  @Column('text')
  status: DisputeStatus;

  @Column('timestamptz', { nullable: true })
  evidenceDueBy: Date | null;

  @Column('integer', { default: 0 })
  evidenceSubmissions: number;

  /** A lost dispute's split (the policy in domain/dispute.ts); null until lost. */
  @Column('integer', { nullable: true })
  ownerDebited: number | null;

  @Column('integer', { nullable: true })
  platformDebited: number | null;

  /** When the dispute was opened at the gateway. */
  @Column('timestamptz')
  openedAt: Date;

  @Column('timestamptz', { nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
