import type { Relation } from 'typeorm';
import { Check, Column, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { BlockEntity } from './block.entity';
import { RentalEntity } from './rental.entity';

/**
 * What keeps a product's days taken: one row per holding rental and one per owner block, kept by
 * database triggers (see the rental migration), never written by the application. The exclusion
 * constraint over this one table is what stops a block and a rental from overlapping, under any
 * concurrency.
 */
@Entity({ schema: 'rental', name: 'holds' })
@Exclusion('ex_holds_no_overlap', `USING gist ("product_id" WITH =, "period" WITH &&)`)
@Check('chk_holds_source', 'num_nonnulls(rental_id, block_id) = 1 AND id = coalesce(rental_id, block_id)')
@Index('ix_holds_rental', ['rentalId'])
@Index('ix_holds_block', ['blockId'])
export class HoldEntity {
  /** The rental's or the block's id. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_holds' })
  id: string;

  @Column('uuid')
  productId: string;

  @Column('daterange')
  period: string;

  @Column('uuid', { nullable: true })
  rentalId: string | null;

  @ManyToOne(() => RentalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'rental_id', foreignKeyConstraintName: 'fk_holds_rental' })
  rental?: Relation<RentalEntity>;

  @Column('uuid', { nullable: true })
  blockId: string | null;

  @ManyToOne(() => BlockEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'block_id', foreignKeyConstraintName: 'fk_holds_block' })
  block?: Relation<BlockEntity>;
}
