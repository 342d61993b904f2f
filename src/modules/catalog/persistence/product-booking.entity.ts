import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Catalog's own copy of the dates rentals hold, kept from the rental context's events (catalog
 * never reads rental tables). `period` is `[start, end)`; `status` is the rental's latest status.
 */
@Entity({ schema: 'catalog', name: 'product_bookings' })
// GiST over (product_id, period) for the holding statuses only; declared in the migration.
@Index('ix_product_bookings_holding', { synchronize: false })
export class ProductBookingEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_bookings' })
  rentalId: string;

  @Column('uuid')
  productId: string;

  @Column('daterange')
  period: string;

  @Column('text')
  status: string;

  /** When the latest applied event occurred: an older event arriving late changes nothing. */
  @Column('timestamptz')
  lastEventAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
