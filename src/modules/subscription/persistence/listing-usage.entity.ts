import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Whether each product counts as an active listing, as catalog's events last said. */
@Entity({ schema: 'subscription', name: 'listing_usage' })
@Index('ix_listing_usage_owner', ['ownerId', 'active'])
export class ListingUsageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_listing_usage' })
  productId: string;

  @Column('uuid')
  ownerId: string;

  @Column('boolean')
  active: boolean;

  /** The newest event applied; an older one arriving late changes nothing. */
  @Column('timestamptz')
  lastEventAt: Date;
}
