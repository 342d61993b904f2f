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
import type { CaptureMethod, GatewayStatus, LegKind } from '../domain/payment-intent';
import { GATEWAY_STATUSES } from '../domain/payment-intent';
import { PaymentIntentEntity } from './payment-intent.entity';
import { sqlList } from './sql-list';

/** One gateway payment intent's worth of an intent: the rental charge, or the deposit. */
@Entity({ schema: 'payment', name: 'payment_legs' })
@Index('uq_payment_legs_intent_kind', ['intentId', 'kind'], { unique: true })
@Index('uq_payment_legs_gateway', ['gatewayIntentId'], { unique: true })
@Check('chk_payment_legs_kind', `kind IN ('charge', 'deposit')`)
@Check('chk_payment_legs_capture_method', `capture_method IN ('manual', 'automatic')`)
@Check('chk_payment_legs_gateway_status', `gateway_status IN (${sqlList(GATEWAY_STATUSES)})`)
@Check(
  'chk_payment_legs_amounts',
  'amount >= 0 AND amount_captured BETWEEN 0 AND amount AND amount_refunded BETWEEN 0 AND amount_captured',
)
export class PaymentLegEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_payment_legs' })
  id: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, (intent) => intent.legs, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_payment_legs_intent' })
  intent?: Relation<PaymentIntentEntity>;

  @Column('text')
  kind: LegKind;

  @Column('integer')
  amount: number;

  @Column('text')
  captureMethod: CaptureMethod;

  @Column('text', { nullable: true })
  gatewayIntentId: string | null;

  @Column('text', { default: 'none' })
  gatewayStatus: GatewayStatus;

  @Column('integer', { default: 0 })
  amountCaptured: number;

  @Column('integer', { default: 0 })
  amountRefunded: number;

  @Column('integer', { default: 0 })
  attemptsRequested: number;

  @Column('integer', { default: 0 })
  attemptsMade: number;

  /** Lets the payer's client complete 3-D Secure; shown to the payer only. */
  @Column('text', { nullable: true })
  clientSecret: string | null;

  @Column('text', { nullable: true })
  nextActionType: string | null;

  @Column('text', { nullable: true })
  nextActionUrl: string | null;

  @Column('text', { nullable: true })
  lastErrorCode: string | null;

  @Column('text', { nullable: true })
  lastErrorMessage: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
