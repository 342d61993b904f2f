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
import type { RenewalStatus } from '../domain/deposit-renewal';
import { RENEWAL_STATUSES } from '../domain/deposit-renewal';
import { PaymentIntentEntity } from './payment-intent.entity';
import { PaymentLegEntity } from './payment-leg.entity';
import { sqlList } from './sql-list';

/**
 * One attempt to replace a deposit's hold before it lapses: requested (key written before the
 * call) → authorized (the leg now holds the new authorization; the old one is being cancelled) →
 * completed; or failed (the card refused: told to both parties), or abandoning → abandoned (the
 * rental moved on meanwhile: the new authorization is cancelled instead). At most one in flight
 * per leg (a partial unique index): racing job runs cannot renew twice.
 */
@Entity({ schema: 'payment', name: 'deposit_renewals' })
@Index('uq_deposit_renewals_key', ['idempotencyKey'], { unique: true })
@Index('uq_deposit_renewals_attempt', ['legId', 'generation', 'attempt'], { unique: true })
@Index('uq_deposit_renewals_in_flight', ['legId'], {
  unique: true,
  where: `status IN ('requested', 'authorized', 'abandoning')`,
})
@Index('ix_deposit_renewals_intent', ['intentId'])
@Check('chk_deposit_renewals_status', `status IN (${sqlList(RENEWAL_STATUSES)})`)
@Check('chk_deposit_renewals_counts', 'generation >= 1 AND attempt >= 1')
@Check(
  'chk_deposit_renewals_authorized',
  `status NOT IN ('authorized', 'completed') OR (gateway_intent_id IS NOT NULL AND authorized_at IS NOT NULL)`,
)
export class DepositRenewalEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_deposit_renewals' })
  id: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_deposit_renewals_intent' })
  intent?: Relation<PaymentIntentEntity>;

  @Column('uuid')
  legId: string;

  @ManyToOne(() => PaymentLegEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leg_id', foreignKeyConstraintName: 'fk_deposit_renewals_leg' })
  leg?: Relation<PaymentLegEntity>;

  /** 1 replaces the first hold, 2 the first replacement... */
  @Column('integer')
  generation: number;

  /** 1, 2, 3: attempts to replace the same hold after refusals. */
  @Column('integer')
  attempt: number;

  @Column('text')
  idempotencyKey: string;

  /** The authorization this one replaces (the leg's until the swap). */
  @Column('text')
  replacesGatewayIntentId: string;

  /** The new authorization, once the gateway answered. */
  @Column('text', { nullable: true })
  gatewayIntentId: string | null;

  @Column('text')
  status: RenewalStatus;

  @Column('text', { nullable: true })
  errorCode: string | null;

  @Column('text', { nullable: true })
  errorMessage: string | null;

  /** The job's clock (tests move it): when it was asked for and when the new hold was placed. */
  @Column('timestamptz')
  requestedAt: Date;

  @Column('timestamptz', { nullable: true })
  authorizedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  finishedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
