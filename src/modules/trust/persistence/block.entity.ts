import { Check, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** `blockerId` blocked `blockedId`. One row per direction; both may block each other. */
@Entity({ schema: 'trust', name: 'blocks' })
@Index('ix_blocks_blocked', ['blockedId'])
@Check('chk_blocks_not_self', 'blocker_id <> blocked_id')
export class BlockEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_blocks' })
  blockerId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_blocks' })
  blockedId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
