import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { IntentStatus, PaymentPurpose, PaymentStage } from '../domain/payment-intent';
import { INTENT_STATUSES, PAYMENT_STAGES } from '../domain/payment-intent';
import { sqlList } from './sql-list';
import { PaymentLegEntity } from './payment-leg.entity';
import { PaymentMethodEntity } from './payment-method.entity';

@Entity({ schema: 'payment', name: 'payment_intents' })
@Index('uq_payment_intents_reference', ['reference'], { unique: true })
@Index('ix_payment_intents_payer', ['payerId', 'createdAt'])
@Index('ix_payment_intents_payee', ['payeeId', 'createdAt'])
@Index('ix_payment_intents_rental', ['rentalId'])
@Index('ix_payment_intents_subscription', ['subscriptionId'])
@Index('ix_payment_intents_reconcile', ['updatedAt'], { where: 'needs_reconcile' })
@Check('chk_payment_intents_purpose', `purpose IN ('rental', 'subscription')`)
@Check(
  'chk_payment_intents_target',
  `(purpose = 'rental') = (rental_id IS NOT NULL) AND (purpose = 'subscription') = (subscription_id IS NOT NULL)`,
)
@Check(
  'chk_payment_intents_amounts',
  'charge_amount > 0 AND deposit_amount >= 0 AND amount = charge_amount + deposit_amount AND platform_fee >= 0 AND payee_amount >= 0 AND platform_fee + payee_amount <= charge_amount',
)
@Check('chk_payment_intents_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('chk_payment_intents_stage', `stage IN (${sqlList(PAYMENT_STAGES)})`)
@Check('chk_payment_intents_status', `status IN (${sqlList(INTENT_STATUSES)})`)
@Check(
  'chk_payment_intents_deposit_claim',
  '(deposit_claim_id IS NOT NULL OR (NOT deposit_claim_pending AND deposit_capture IS NULL)) AND (deposit_capture IS NULL OR (deposit_capture >= 0 AND deposit_capture <= deposit_amount AND NOT deposit_claim_pending))',
)
@Check('chk_payment_intents_cancelled_by', `cancelled_by IS NULL OR cancelled_by IN ('renter', 'owner')`)
export class PaymentIntentEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_payment_intents' })
  id: string;

  /** identity's user id of who pays (the renter, the subscriber). */
  @Column('uuid')
  payerId: string;

  /** identity's user id of who is paid (the owner), for rentals. */
  @Column('uuid', { nullable: true })
  payeeId: string | null;

  @Column('text')
  purpose: PaymentPurpose;

  @Column('text')
  reference: string;

  /** rental's id; no foreign key across schemas. */
  @Column('uuid', { nullable: true })
  rentalId: string | null;

  /** subscription's id; no foreign key across schemas. */
  @Column('uuid', { nullable: true })
  subscriptionId: string | null;

  @Column('text')
  description: string;

  @Column('char', { length: 3 })
  currency: string;

  @Column('integer')
  amount: number;

  @Column('integer')
  chargeAmount: number;

  @Column('integer', { default: 0 })
  depositAmount: number;

  @Column('integer', { default: 0 })
  platformFee: number;

  /** The owner's payout: the rental subtotal. */
  @Column('integer', { default: 0 })
  payeeAmount: number;

  @Column('text')
  stage: PaymentStage;

  @Column('text', { nullable: true })
  cancelledBy: 'renter' | 'owner' | null;

  @Column('integer', { nullable: true })
  refundTarget: number | null;

  @Column('text')
  status: IntentStatus;

  /** The rental's damage claim (payment.claims), once filed: what the deposit waits for. */
  @Column('uuid', { nullable: true })
  depositClaimId: string | null;

  /** The claim is open or disputed: the deposit stays held whatever the stage. */
  @Column('boolean', { default: false })
  depositClaimPending: boolean;

  /** The settled claim's amount to capture from the deposit (0: release it all); null otherwise. */
  @Column('integer', { nullable: true })
  depositCapture: number | null;

  @Column('uuid', { nullable: true })
  paymentMethodId: string | null;

  @ManyToOne(() => PaymentMethodEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'payment_method_id', foreignKeyConstraintName: 'fk_payment_intents_payment_method' })
  paymentMethod?: Relation<PaymentMethodEntity>;

  @Column('boolean', { default: false })
  offSession: boolean;

  /** The stage or payment method changed and the gateway has not caught up yet. */
  @Column('boolean', { default: false })
  needsReconcile: boolean;

  /** Bumped by every change, so a reconciler notices it raced with one. */
  @Column('integer', { default: 1 })
  version: number;

  /** Who is talking to the gateway for this intent right now, and until when (no transaction held). */
  @Column('uuid', { nullable: true })
  leaseToken: string | null;

  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  @OneToMany(() => PaymentLegEntity, (leg) => leg.intent)
  legs?: Relation<PaymentLegEntity>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
