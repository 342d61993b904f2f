import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Public as soon as written; `verified` when tied to the reviewer's completed rental of the product. */
@Entity({ schema: 'review', name: 'product_reviews' })
@Index('uq_product_reviews_rental', ['rentalId'], { unique: true, where: 'rental_id IS NOT NULL' })
@Index('uq_product_reviews_unverified', ['productId', 'reviewerId'], {
  unique: true,
  where: 'rental_id IS NULL',
})
@Index('ix_product_reviews_product', ['productId', 'createdAt', 'id'])
@Index('ix_product_reviews_reviewer', ['reviewerId', 'createdAt', 'id'])
@Check('chk_product_reviews_rating', 'rating BETWEEN 1 AND 5')
@Check('chk_product_reviews_verified', 'verified = (rental_id IS NOT NULL)')
export class ProductReviewEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_reviews' })
  id: string;

  @Column('uuid')
  productId: string;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  @Column('uuid')
  reviewerId: string;

  @Column('smallint')
  rating: number;

  @Column('text', { nullable: true })
  title: string | null;

  @Column('text')
  body: string;

  @Column('boolean')
  verified: boolean;

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
