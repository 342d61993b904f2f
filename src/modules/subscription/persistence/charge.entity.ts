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
import { SubscriptionEntity } from './subscription.entity';

export type ChargeKind = 'initial' | 'renewal' | 'change';
export type ChargeStatus = 'pending' | 'paid' | 'void';

/**
 * What a subscription asked payment to charge, and what it buys once paid: the first period, the
 * next one, or a plan change. Paying it applies it (once: pending → paid).
 */
@Entity({ schema: 'subscription', name: 'charges' })
@Index('uq_charges_reference', ['reference'], { unique: true })
@Index('ix_charges_subscription', ['subscriptionId', 'createdAt'])
@Check('chk_charges_kind', `kind IN ('initial', 'renewal', 'change')`)
@Check('chk_charges_status', `status IN ('pending', 'paid', 'void')`)
@Check('chk_charges_amount', 'amount > 0 AND credit_after >= 0')
@Check('chk_charges_cycle', `billing_cycle IN ('monthly', 'yearly')`)
export class ChargeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_charges' })
  id: string;

  @Column('uuid')
  subscriptionId: string;

  @ManyToOne(() => SubscriptionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'subscription_id', foreignKeyConstraintName: 'fk_charges_subscription' })
  subscription?: Relation<SubscriptionEntity>;

  /** The payment reference: payment's intent for it is unique on it. */
  @Column('text')
  reference: string;

  @Column('text')
  kind: ChargeKind;

  @Column('uuid')
  planId: string;

  @ManyToOne(() => PlanEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'plan_id', foreignKeyConstraintName: 'fk_charges_plan' })
  plan?: Relation<PlanEntity>;

  @Column('text')
  billingCycle: BillingCycle;

  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('integer')
  creditAfter: number;

  @Column('timestamptz')
  periodStart: Date;

  @Column('timestamptz')
  periodEnd: Date;

  @Column('boolean', { default: false })
  resetsPeriod: boolean;

  @Column('text', { default: 'pending' })
  status: ChargeStatus;

  @Column('uuid', { nullable: true })
  paymentIntentId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
