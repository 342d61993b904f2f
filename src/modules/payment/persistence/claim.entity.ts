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
import type { ClaimStatus } from '../domain/claim';
import { CLAIM_DESCRIPTION_MAX, CLAIM_PHOTOS_MAX, CLAIM_STATUSES } from '../domain/claim';
import { PaymentIntentEntity } from './payment-intent.entity';
import { sqlList } from './sql-list';

/**
 * An owner's damage claim against a rental's deposit (domain/claim.ts). One per rental, enforced
 * by the unique index: two filings racing meet on it and the second is a 409.
 */
@Entity({ schema: 'payment', name: 'claims' })
@Index('uq_claims_rental', ['rentalId'], { unique: true })
@Index('ix_claims_status_filed', ['status', 'filedAt', 'id'])
@Index('ix_claims_intent', ['intentId'])
@Check('chk_claims_status', `status IN (${sqlList(CLAIM_STATUSES)})`)
@Check('chk_claims_amount', 'amount > 0')
@Check('chk_claims_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('chk_claims_description', `char_length(description) BETWEEN 1 AND ${CLAIM_DESCRIPTION_MAX}`)
@Check('chk_claims_photos', `cardinality(photos) <= ${CLAIM_PHOTOS_MAX}`)
@Check(
  'chk_claims_awarded',
  `(status IN ('accepted', 'resolved')) = (awarded IS NOT NULL) AND (awarded IS NULL OR (awarded >= 0 AND awarded <= amount))`,
)
export class ClaimEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_claims' })
  id: string;

  /** rental's id; no foreign key across schemas. */
  @Column('uuid')
  rentalId: string;

  /** catalog's id of the rented product (the rental's conversation is about it). */
  @Column('uuid')
  productId: string;

  @Column('uuid')
  intentId: string;

  @ManyToOne(() => PaymentIntentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'intent_id', foreignKeyConstraintName: 'fk_claims_intent' })
  intent?: Relation<PaymentIntentEntity>;

  /** identity's ids: who filed it (the owner) and who answers it (the renter). */
  @Column('uuid')
  ownerId: string;

  @Column('uuid')
  renterId: string;

  /** Minor units of `currency`, at most the deposit held when filed. */
  @Column('integer')
  amount: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('text')
  description: string;

  /** References to the owner's photos (media ids or URLs), as given. */
  @Column('text', { array: true, default: () => `'{}'` })
  photos: string[];

  @Column('text')
  status: ClaimStatus;

  /** What was captured from the deposit for the owner: the claim on acceptance, the admin's award on resolution. */
  @Column('integer', { nullable: true })
  awarded: number | null;

  @Column('timestamptz')
  filedAt: Date;

  /** When it reached a final status. */
  @Column('timestamptz', { nullable: true })
  settledAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
