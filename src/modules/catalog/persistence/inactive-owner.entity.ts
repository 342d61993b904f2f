import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Owners identity no longer reports as active (suspended). Identity publishes no status events, so
 * catalog learns this when it checks owners (search, detail, a periodic sync) and keeps their
 * listings out of search until a later check finds them active again.
 */
@Entity({ schema: 'catalog', name: 'inactive_owners' })
export class InactiveOwnerEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_inactive_owners' })
  ownerId: string;

  @Column('timestamptz', { default: () => 'now()' })
  detectedAt: Date;
}
