import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PaymentLegEntity } from './payment-leg.entity';

export type OperationAction = 'authorize' | 'capture' | 'cancel' | 'refund';

/**
 * Every money-moving gateway call, written (and committed) before the call with its idempotency
 * key, completed after it: the audit trail, and what an operator reads after a crash.
 */
@Entity({ schema: 'payment', name: 'gateway_operations' })
@Index('ix_gateway_operations_intent', ['intentId'])
@Check('chk_gateway_operations_action', `action IN ('authorize', 'capture', 'cancel', 'refund')`)
@Check('chk_gateway_operations_status', `status IN ('pending', 'succeeded', 'failed')`)
export class GatewayOperationEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'pk_gateway_operations' })
  idempotencyKey: string;

  @Column('uuid')
  intentId: string;

  @Column('uuid')
  legId: string;

  @ManyToOne(() => PaymentLegEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'leg_id', foreignKeyConstraintName: 'fk_gateway_operations_leg' })
  leg?: Relation<PaymentLegEntity>;

  @Column('text')
  action: OperationAction;

  @Column('integer')
  amount: number;

  @Column('text', { default: 'pending' })
  status: 'pending' | 'succeeded' | 'failed';

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { default: () => 'now()' })
  requestedAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;
}
