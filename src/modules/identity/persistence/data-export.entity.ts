import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { DataExportStatus } from '../domain/data-export-rules';
import { UserEntity } from './user.entity';

/**
 * One request for a copy of a person's data. The document (every context's section) is kept
 * until `expires_at`, then the purge job drops it and keeps the row as a record of the request.
 */
@Entity({ schema: 'identity', name: 'data_exports' })
@Index('uq_data_exports_pending', ['userId'], { unique: true, where: `status = 'pending'` })
@Index('ix_data_exports_user', ['userId', 'requestedAt'])
@Index('ix_data_exports_expiring', ['expiresAt'], { where: 'document IS NOT NULL' })
@Check('chk_data_exports_status', `status IN ('pending', 'ready', 'failed')`)
@Check('chk_data_exports_completed', `(status = 'pending') = (completed_at IS NULL)`)
@Check(
  'chk_data_exports_ready',
  `(status = 'ready') = (expires_at IS NOT NULL) AND (document IS NULL OR status = 'ready')`,
)
@Check('chk_data_exports_failed', `(status = 'failed') = (last_error IS NOT NULL)`)
export class DataExportEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_data_exports' })
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_data_exports_user' })
  user?: Relation<UserEntity>;

  @Column('text')
  status: DataExportStatus;

  @Column('jsonb', { nullable: true })
  document: Record<string, unknown> | null;

  @Column('timestamptz')
  requestedAt: Date;

  @Column('timestamptz', { nullable: true })
  completedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  expiresAt: Date | null;

  @Column('text', { nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
