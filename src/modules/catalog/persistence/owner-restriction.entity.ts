import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Whether trust restricts an owner, as its last applied event (by `sequence`) said. */
@Entity({ schema: 'catalog', name: 'owner_restrictions' })
export class OwnerRestrictionEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_owner_restrictions' })
  ownerId: string;

  @Column('boolean')
  restricted: boolean;

  @Column('bigint')
  sequence: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
