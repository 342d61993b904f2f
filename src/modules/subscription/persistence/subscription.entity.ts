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
import type { BillingCycle } from '../domain/billing';
import { PlanEntity } from './plan.entity';

export type SubscriptionStatus = 'incomplete' | 'active' | 'past_due' | 'canceled';
export const LIVE_STATUSES: SubscriptionStatus[] = ['incomplete', 'active', 'past_due'];
const LIVE = `status IN ('incomplete', 'active', 'past_due')`;

@Entity({ schema: 'subscription', name: 'subscriptions' })
@Index('uq_subscriptions_live', ['userId'], { unique: true, where: LIVE })
@Index('ix_subscriptions_user', ['userId', 'createdAt'])
@Index('ix_subscriptions_due', ['currentPeriodEnd'], { where: LIVE })
@Check('chk_subscriptions_cycle', `billing_cycle IN ('monthly', 'yearly')`)
@Check('chk_subscriptions_status', `status IN ('incomplete', 'active', 'past_due', 'canceled')`)
@Check('chk_subscriptions_period', 'current_period_end > current_period_start')
@Check('chk_subscriptions_credit', 'credit_balance >= 0')
export class SubscriptionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_subscriptions' })
  id: string;

  /** identity's user id; no foreign key across schemas. */
  @Column('uuid')
  userId: string;

  @Column('uuid')
  planId: string;

  @ManyToOne(() => PlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_subscriptions_plan' })
  plan?: Relation<PlanEntity>;

  @Column('text')
  billingCycle: BillingCycle;

  @Column('text')
  status: SubscriptionStatus;

  /** Periods are counted from here, so month-end clamping never drifts. */
  @Column('timestamptz')
  anchorAt: Date;

  @Column('timestamptz')
  currentPeriodStart: Date;

  @Column('timestamptz')
  currentPeriodEnd: Date;

  @Column('boolean', { default: false })
  cancelAtPeriodEnd: boolean;

  @Column('timestamptz', { nullable: true })
  canceledAt: Date | null;

  @Column('timestamptz', { nullable: true })
  endedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  pastDueSince: Date | null;

  /** payment's id of the method to charge; null uses the default. No foreign key across schemas. */
  @Column('uuid', { nullable: true })
  paymentMethodId: string | null;

  /** Proration credit (minor units), spent by later charges before the card. */
  @Column('integer', { default: 0 })
  creditBalance: number;

  @Column('uuid', { nullable: true })
  latestPaymentIntentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
