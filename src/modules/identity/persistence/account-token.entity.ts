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
import type { AccountTokenPurpose } from '../domain/account-token-policy';
import { UserEntity } from './user.entity';

/**
 * A single-use token an email link carries (verify the address, confirm a new one, reset the
 * password). Only its SHA-256 is kept. Issuing one deletes the user's unused ones of the same
 * purpose (an older link then answers TOKEN_INVALID); used ones stay, so a second click on a link
 * can say TOKEN_USED. The partial unique index makes "one live link per purpose" a database rule.
 */
@Entity({ schema: 'identity', name: 'account_tokens' })
@Index('uq_account_tokens_token_hash', ['tokenHash'], { unique: true })
@Index('ix_account_tokens_user', ['userId'])
@Index('uq_account_tokens_live', ['userId', 'purpose'], { unique: true, where: 'used_at IS NULL' })
@Check('chk_account_tokens_purpose', `purpose IN ('verify_email', 'change_email', 'password_reset')`)
@Check('chk_account_tokens_new_email', `(purpose = 'change_email') = (new_email IS NOT NULL)`)
export class AccountTokenEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_account_tokens' })
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_account_tokens_user' })
  user?: Relation<UserEntity>;

  @Column('text')
  purpose: AccountTokenPurpose;

  @Column('text')
  tokenHash: string;

  /** The address a change_email token switches to. */
  @Column('text', { nullable: true })
  newEmail: string | null;

  @Column('timestamptz')
  expiresAt: Date;

  @Column('timestamptz', { nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
