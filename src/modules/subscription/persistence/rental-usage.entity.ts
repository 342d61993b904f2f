import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Each rental an owner accepted, counted against the plan's rentals per period. */
@Entity({ schema: 'subscription', name: 'rental_usage' })
@Index('ix_rental_usage_owner', ['ownerId', 'acceptedAt'])
export class RentalUsageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_rental_usage' })
  rentalId: string;

  @Column('uuid')
  ownerId: string;

  @Column('uuid')
  renterId: string;

  @Column('timestamptz')
  acceptedAt: Date;
}
