import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Between exactly two people: a renter (or would-be renter) and a product's owner. An inquiry has
 * no rental yet; the rentals context's first event for that renter and product links it.
 */
@Entity({ schema: 'messaging', name: 'conversations' })
@Index('uq_conversations_rental', ['rentalId'], { unique: true, where: 'rental_id IS NOT NULL' })
@Index('uq_conversations_inquiry', ['productId', 'renterId'], { unique: true, where: 'rental_id IS NULL' })
@Check('chk_conversations_two_people', 'renter_id <> owner_id')
export class ConversationEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_conversations' })
  id: string;

  @Column('uuid')
  productId: string;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  @Column('uuid')
  renterId: string;

  @Column('uuid')
  ownerId: string;

  /** Strictly increasing per conversation: every message takes a later instant under the row lock. */
  @Column('timestamptz')
  lastMessageAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
