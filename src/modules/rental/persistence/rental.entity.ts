import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { CancellationPolicy, RentalStatus } from '../contracts/rental-api';

/**
 * One booking. `period` is the range the rental keeps the product from others: its stay
 * [start_date, end_date) plus the product's buffer days at booking time. The quote is copied in at
 * creation, so later price changes never alter an existing rental.
 */
@Entity({ schema: 'rental', name: 'rentals' })
@Exclusion(
  'ex_rentals_no_overlap',
  `USING gist ("product_id" WITH =, "period" WITH &&) WHERE (status IN ('requested', 'accepted', 'active'))`,
)
@Check(
  'chk_rentals_status',
  `status IN ('requested', 'accepted', 'declined', 'cancelled', 'expired', 'active', 'returned', 'completed')`,
)
@Check('chk_rentals_dates', 'end_date > start_date AND buffer_days >= 0')
@Check('chk_rentals_period', `period = daterange(start_date, end_date + buffer_days, '[)')`)
@Check('chk_rentals_parties', 'renter_id <> owner_id')
@Check(
  'chk_rentals_quote',
  'rental_days = end_date - start_date AND subtotal >= 0 AND platform_fee >= 0 AND deposit >= 0 AND total = subtotal + platform_fee + deposit',
)
@Check(
  'chk_rentals_cancelled_by',
  `(status = 'cancelled') = (cancelled_by IS NOT NULL) AND (cancelled_by IS NULL OR cancelled_by IN ('renter', 'owner'))`,
)
@Check('chk_rentals_cancellation_policy', `cancellation_policy IN ('flexible', 'moderate', 'strict')`)
@Check(
  'chk_rentals_cancellation_refund',
  `(status = 'cancelled') = (cancellation_refund IS NOT NULL) AND (cancellation_refund IS NULL OR cancellation_refund BETWEEN 0 AND subtotal + platform_fee)`,
)
@Check('chk_rentals_returned_at', `(status IN ('returned', 'completed')) = (returned_at IS NOT NULL)`)
@Check('chk_rentals_completed_at', `(status = 'completed') = (completed_at IS NOT NULL)`)
@Index('ix_rentals_renter', ['renterId', 'createdAt'])
@Index('ix_rentals_owner', ['ownerId', 'createdAt'])
@Index('ix_rentals_created', ['createdAt', 'id'])
@Index('ix_rentals_open_requests', ['respondBy', 'startDate'], { where: `status = 'requested'` })
@Index('ix_rentals_returned', ['returnedAt'], { where: `status = 'returned'` })
export class RentalEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_rentals' })
  id: string;

  @Column('uuid')
  productId: string;

  @Column('uuid')
  renterId: string;

  @Column('uuid')
  ownerId: string;

  @Column('date')
  startDate: string;

  @Column('date')
  endDate: string;

  @Column('integer')
  bufferDays: number;

  @Column('daterange')
  period: string;

  @Column('text')
  status: RentalStatus;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('char', { length: 3 })
  currency: string;

  @Column('integer')
  rentalDays: number;

  // bigint: a year at the catalog's highest daily price exceeds an int4.
  @Column('bigint')
  subtotal: string;

  @Column('bigint')
  platformFee: string;

  @Column('bigint')
  deposit: string;

  @Column('bigint')
  total: string;

  /** The owner answers by then, or the request expires. */
  @Column('timestamptz')
  respondBy: Date;

  @Column('timestamptz', { nullable: true })
  returnedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('text', { nullable: true })
  cancelledBy: 'renter' | 'owner' | null;

  /** The listing's policy when the rental was requested: later changes to the listing never apply. */
  @Column('text')
  cancellationPolicy: CancellationPolicy;

  /**
   * Set when cancelled: what the renter gets back of the charge (subtotal + platform fee), decided
   * by the policy at the moment of cancelling and published in RentalCancelled for payment.
   */
  @Column('bigint', { nullable: true })
  cancellationRefund: string | null;

  /** Bumped by every change: updates apply only to the version they were decided on. */
  @Column('integer', { default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
