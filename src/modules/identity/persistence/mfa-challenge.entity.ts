import type { Relation } from 'typeorm';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A sign-in whose password was right and whose second factor is pending. The token handed to the
 * client is kept as its SHA-256; with it, the client the password was given from.
 */
@Entity({ schema: 'identity', name: 'mfa_challenges' })
@Index('uq_mfa_challenges_token_hash', ['tokenHash'], { unique: true })
@Index('ix_mfa_challenges_user', ['userId'])
export class MfaChallengeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_mfa_challenges' })
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_mfa_challenges_user' })
  user?: Relation<UserEntity>;

  @Column('text')
  tokenHash: string;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @Column('text', { nullable: true })
  userAgent: string | null;

  @Column('text', { nullable: true })
  ipPrefix: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
