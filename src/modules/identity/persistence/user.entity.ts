import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Role } from '../../../platform/auth/auth-user';
import { ProfileEntity } from './profile.entity';

export type UserStatus = 'active' | 'suspended' | 'deleted';

@Entity({ schema: 'identity', name: 'users' })
@Index('uq_users_email', ['email'], { unique: true })
@Check('chk_users_email_lowercase', 'email = lower(email)')
@Check('chk_users_role', `role IN ('user', 'admin')`)
@Check('chk_users_status', `status IN ('active', 'suspended', 'deleted')`)
@Check('chk_users_deleted', `(status = 'deleted') = (deleted_at IS NOT NULL)`)
@Check('chk_users_suspended_until', `status = 'suspended' OR suspended_until IS NULL`)
export class UserEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Column('text')
  email: string;

  @Column('text')
  passwordHash: string;

  /** When the person proved they read this address (null: not yet, or since it changed unproven). */
  @Column('timestamptz', { nullable: true })
  emailVerifiedAt: Date | null;

  @Column('text', { default: 'user' })
  role: Role;

  @Column('text', { default: 'active' })
  status: UserStatus;

  /**
   * While suspended (trust's UserSuspended): when the restriction ends, named when a sign-in is
   * refused; null for a ban, and whenever the account is not suspended.
   */
  @Column('timestamptz', { nullable: true })
  suspendedUntil: Date | null;

  /** The sequence of the last restriction event (trust's) applied: a late one changes nothing. */
  @Column('bigint', { default: 0, select: false })
  restrictionSequence: string;

  /** When the person erased their account (GDPR art. 17); set exactly when status is 'deleted'. */
  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  @OneToOne(() => ProfileEntity, (profile) => profile.user)
  profile?: Relation<ProfileEntity>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
