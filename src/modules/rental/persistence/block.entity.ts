import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Days the owner keeps for themselves; they hold the product like a rental does (see HoldEntity). */
@Entity({ schema: 'rental', name: 'blocks' })
@Check('chk_blocks_dates', 'end_date > start_date')
@Check('chk_blocks_period', `period = daterange(start_date, end_date, '[)')`)
@Index('ix_blocks_product', ['productId', 'startDate'])
@Index('ix_blocks_created_by', ['createdBy'])
export class BlockEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_blocks' })
  id: string;

  @Column('uuid')
  productId: string;

  @Column('uuid')
  createdBy: string;

  @Column('date')
  startDate: string;

  @Column('date')
  endDate: string;

  @Column('daterange')
  period: string;

  @Column('text', { nullable: true })
  reason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
