import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PaymentIntentEntity } from './payment-intent.entity';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export const REFUND_REASON_MAX = 500;
/** Admin refunds of one payment: a bound for its list (one refund takes at least one minor unit anyway). */
export const MAX_REFUNDS_PER_INTENT = 50;

/**
 * An admin's refund of a captured charge (first-class, beside the cancellation policy's own). The
 * row is written (pending) before the gateway call; its id keys that call, so a retry refunds once.
 */
@Entity({ schema: 'payment', name: 'refunds' })
@Index('ix_refunds_intent', ['intentId', 'createdAt'])
@Check('chk_refunds_status', `status IN ('pending', 'succeeded', 'failed')`)
@Check('chk_refunds_leg', `leg IN ('charge')`)
@Check('chk_refunds_amount', 'amount > 0')
@Check('chk_refunds_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('chk_refunds_reason', `char_length(reason) BETWEEN 1 AND ${REFUND_REASON_MAX}`)
export class RefundEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_refunds' })
  id: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_refunds_intent' })
  intent?: Relation<PaymentIntentEntity>;

  @Column('text')
  leg: 'charge';

  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  reason: string;

  @Column('text')
  status: RefundStatus;

  @Column('text', { nullable: true })
  gatewayRefundId: string | null;

  /** The ledger journal that records it. */
  @Column('text', { nullable: true })
  journalKey: string | null;

  @Column('text', { nullable: true })
  error: string | null;

  /** The admin who asked for it. */
  @Column('uuid')
  requestedBy: string;

  @Column('timestamptz', { default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
