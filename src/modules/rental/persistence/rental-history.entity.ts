import type { Relation } from 'typeorm';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { RentalStatus } from '../contracts/rental-api';
import { RentalEntity } from './rental.entity';

/** Every status a rental entered, who caused it and when; creation is the first row (from null). */
@Entity({ schema: 'rental', name: 'rental_history' })
@Check(
  'chk_rental_history_actor',
  `actor_role IN ('renter', 'owner', 'system') AND (actor_role = 'system') = (actor_id IS NULL)`,
)
@Index('ix_rental_history_rental', ['rentalId', 'changedAt'])
export class RentalHistoryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_rental_history' })
  id: string;

  @Column('uuid')
  rentalId: string;

  @ManyToOne(() => RentalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rental_id', foreignKeyConstraintName: 'fk_rental_history_rental' })
  rental?: Relation<RentalEntity>;

  @Column('text', { nullable: true })
  fromStatus: RentalStatus | null;

  @Column('text')
  toStatus: RentalStatus;

  /** Null when the system acted (expiry, completion). */
  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('text')
  actorRole: 'renter' | 'owner' | 'system';

  @Column('timestamptz')
  changedAt: Date;
}
