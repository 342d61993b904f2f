import type { Relation } from 'typeorm';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { MailLocale } from '../../../platform/mail/mail-template';
import type { StoredImage } from '../../../platform/media/image-intake';
import { UserEntity } from './user.entity';

@Entity({ schema: 'identity', name: 'profiles' })
@Check('chk_profiles_latitude', 'latitude BETWEEN -90 AND 90')
@Check('chk_profiles_longitude', 'longitude BETWEEN -180 AND 180')
@Check('chk_profiles_locale', `locale IN ('en', 'fr')`)
@Check('chk_profiles_one_avatar', 'avatar_url IS NULL OR avatar_variants IS NULL')
export class ProfileEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_profiles' })
  userId: string;

  @OneToOne(() => UserEntity, (user) => user.profile, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_profiles_user' })
  user?: Relation<UserEntity>;

  @Column('text')
  fullName: string;

  @Column('text')
  displayName: string;

  @Column('text', { nullable: true })
  bio: string | null;

  /** An external https avatar; null when there is none or it is an upload (avatarVariants). */
  @Column('text', { nullable: true })
  avatarUrl: string | null;

  /** An uploaded avatar's stored variants (keys and sizes); URLs are computed when read. */
  @Column('jsonb', { nullable: true })
  avatarVariants: StoredImage['variants'] | null;

  @Column('text', { nullable: true })
  phone: string | null;

  @Column('text', { nullable: true })
  city: string | null;

  @Column('char', { length: 2, nullable: true })
  country: string | null;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  /** The language of the emails we send them (MAIL_LOCALES). */
  @Column('text', { default: 'en' })
  locale: MailLocale;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
