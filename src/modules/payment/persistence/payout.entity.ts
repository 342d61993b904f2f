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
import type { LegKind } from '../domain/payment-intent';
import type { PayoutStatus } from '../domain/payout-plan';
import { PAYOUT_STATUSES } from '../domain/payout-plan';
import { PaymentIntentEntity } from './payment-intent.entity';
import { sqlList } from './sql-list';

/** An owner's share of one rental (per leg), released to their connected account after completion. */
@Entity({ schema: 'payment', name: 'payouts' })
@Index('uq_payouts_rental_leg', ['rentalId', 'leg'], { unique: true })
@Index('uq_payouts_gateway_transfer', ['gatewayTransferId'], { unique: true })
@Index('ix_payouts_owner', ['ownerId', 'createdAt', 'id'])
@Index('ix_payouts_due', ['releaseAfter'], { where: `status IN ('pending', 'transferring')` })
@Check('chk_payouts_leg', `leg IN ('charge', 'deposit')`)
@Check('chk_payouts_status', `status IN (${sqlList(PAYOUT_STATUSES)})`)
@Check('chk_payouts_amount', 'amount >= 0 AND refusals >= 0')
@Check(
  'chk_payouts_transferred',
  `status NOT IN ('transferred', 'paid_out') OR (gateway_transfer_id IS NOT NULL AND transferred_at IS NOT NULL AND amount > 0)`,
)
export class PayoutEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_payouts' })
  id: string;

  @Column('uuid')
  rentalId: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_payouts_intent' })
  intent?: Relation<PaymentIntentEntity>;

  @Column('text')
  leg: LegKind;

  @Column('uuid')
  ownerId: string;

  @Column('char', { length: 3 })
  currency: string;

  /** What is expected until the release; then what was (or is being) transferred. */
  @Column('integer')
  amount: number;

  @Column('text', { default: 'pending' })
  status: PayoutStatus;

  @Column('timestamptz')
  releaseAfter: Date;

  /** Transfers the gateway refused: each retry after one takes a new idempotency key. */
  @Column('integer', { default: 0 })
  refusals: number;

  @Column('text', { nullable: true })
  gatewayAccountId: string | null;

  @Column('text', { nullable: true })
  gatewayTransferId: string | null;

  @Column('text', { nullable: true })
  gatewayPayoutId: string | null;

  /** While a transfer is being made: another worker leaves it alone until then. */
  @Column('timestamptz', { nullable: true })
  leaseUntil: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @Column('timestamptz', { nullable: true })
  transferredAt: Date | null;

  @Column('timestamptz', { nullable: true })
  paidOutAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
