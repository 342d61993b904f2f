import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ReviewRole } from '../domain/review-eligibility';

/**
 * One person's review of the other after a completed rental. Hidden (`visible_at` null) until the
 * other review of the rental arrives or the window closes: double-blind.
 */
@Entity({ schema: 'review', name: 'user_reviews' })
@Index('uq_user_reviews_direction', ['rentalId', 'reviewerId', 'revieweeId'], { unique: true })
@Index('ix_user_reviews_hidden', ['windowClosesAt'], { where: 'visible_at IS NULL' })
@Index('ix_user_reviews_reviewee', ['revieweeId', 'role', 'visibleAt'])
@Index('ix_user_reviews_reviewer', ['reviewerId'])
@Check('chk_user_reviews_rating', 'rating BETWEEN 1 AND 5')
@Check('chk_user_reviews_role', `role IN ('renter', 'owner')`)
@Check('chk_user_reviews_not_self', 'reviewer_id <> reviewee_id')
export class UserReviewEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_user_reviews' })
  id: string;

  @Column('uuid')
  rentalId: string;

  @Column('uuid')
  productId: string;

  @Column('uuid')
  reviewerId: string;

  @Column('uuid')
  revieweeId: string;

  /** The reviewee's role in the rental. */
  @Column('text')
  role: ReviewRole;

  @Column('smallint')
  rating: number;

  @Column('text')
  body: string;

  @Column('timestamptz')
  windowClosesAt: Date;

  @Column('timestamptz', { nullable: true })
  visibleAt: Date | null;

  /**
   * When a moderator removed it (trust.ContentRemoved). The row stays, for the audit and its
   * author's data export; it leaves every list and rating summary.
   */
  @Column('timestamptz', { nullable: true })
  removedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
