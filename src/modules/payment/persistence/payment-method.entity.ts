import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type PaymentMethodType = 'card' | 'bank_account' | 'wallet';

/** What we keep of a payment method: the gateway's id and what a person needs to recognise it. Never a number. */
@Entity({ schema: 'payment', name: 'payment_methods' })
@Index('uq_payment_methods_gateway', ['gatewayPaymentMethodId'], { unique: true })
@Index('ix_payment_methods_user', ['userId', 'createdAt'])
@Index('uq_payment_methods_default', ['userId'], { unique: true, where: 'is_default AND removed_at IS NULL' })
@Check('chk_payment_methods_type', `type IN ('card', 'bank_account', 'wallet')`)
@Check('chk_payment_methods_last4', `last4 IS NULL OR last4 ~ '^[0-9]{4}$'`)
@Check('chk_payment_methods_expiry', 'exp_month IS NULL OR exp_month BETWEEN 1 AND 12')
export class PaymentMethodEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_payment_methods' })
  id: string;

  @Column('uuid')
  userId: string;

  @Column('text')
  gatewayPaymentMethodId: string;

  @Column('text')
  type: PaymentMethodType;

  @Column('text', { nullable: true })
  brand: string | null;

  @Column('text', { nullable: true })
  last4: string | null;

  @Column('integer', { nullable: true })
  expMonth: number | null;

  @Column('integer', { nullable: true })
  expYear: number | null;

  @Column('text', { nullable: true })
  wallet: string | null;

  @Column('text', { nullable: true })
  bankName: string | null;

  @Column('boolean', { default: false })
  isDefault: boolean;

  /** Detached at the gateway; kept because intents refer to it. */
  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
