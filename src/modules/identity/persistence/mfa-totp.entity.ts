import type { Relation } from 'typeorm';
import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A user's authenticator. Pending until confirmed with a first code; only a confirmed one is asked
 * for at sign-in. The shared secret is kept sealed (SecretBox, purpose `totp`), never in clear.
 */
@Entity({ schema: 'identity', name: 'mfa_totp' })
export class MfaTotpEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_mfa_totp' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_mfa_totp_user' })
  user?: Relation<UserEntity>;

  @Column('text')
  secretSealed: string;

  @Column('timestamptz', { nullable: true })
  confirmedAt: Date | null;

  /** The latest time step whose code was accepted: a code of that step or earlier is a replay. */
  @Column('bigint', { nullable: true })
  lastUsedStep: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
