import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { primaryQuery } from '../../../platform/database/plain-reads';
import type { StoredImage } from '../../../platform/media/image-intake';
import { PublicUser, UserContact } from '../contracts/identity-api';
import { IdentityApi } from '../contracts/identity-api';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { AccountDeletionErrors } from '../domain/account-deletion.errors';
import { DELETED_USER_NAME } from '../domain/account-erasure';
import { UserEntity } from '../persistence/user.entity';
import { AvatarViews } from './avatar-views';

interface PublicUserRow {
  id: string;
  display_name: string | null;
  avatar_url: string | null;
  avatar_variants: StoredImage['variants'] | null;
  city: string | null;
  country: string | null;
  created_at: Date;
}

function toPublicUser(row: PublicUserRow): PublicUser {
  return {
    id: row.id,
    displayName: row.display_name ?? 'Member',
    avatarUrl: row.avatar_url,
    city: row.city,
    country: row.country,
    memberSince: row.created_at.toISOString(),
  };
}

function erasedPublicUser(row: PublicUserRow): PublicUser {
  return {
    ...toPublicUser({ ...row, avatar_url: null, avatar_variants: null, city: null, country: null }),
    displayName: DELETED_USER_NAME,
  };
}

@Injectable()
export class IdentityApiService extends IdentityApi {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly avatars: AvatarViews,
  ) {
    super();
  }

  /** An uploaded avatar's URL (its card variant) is computed now: presigned URLs expire. */
  private async withAvatars(rows: PublicUserRow[], map: (row: PublicUserRow) => PublicUser) {
    return Promise.all(
      rows.map(async (row) => {
        const user = map(row);
        if (!row.avatar_variants) return user;
        const { avatarUrl } = await this.avatars.of({ avatarUrl: null, avatarVariants: row.avatar_variants });
        return { ...user, avatarUrl };
      }),
    );
  }

  /**
   * Asked by other contexts on most of their reads (detail, availability, inbox): explicit SQL.
   * On the primary: catalog records owners missing from the answer as inactive.
   */
  async findPublicUsers(ids: string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    const rows = await primaryQuery<PublicUserRow>(
      this.dataSource,
      `SELECT u.id, u.created_at, p.display_name, p.avatar_url, p.avatar_variants, p.city, p.country
       FROM identity.users u LEFT JOIN identity.profiles p ON p.user_id = u.id
       WHERE u.id = ANY($1::uuid[]) AND u.status = 'active'`,
      [[...new Set(ids)]],
    );
    return this.withAvatars(rows, toPublicUser);
  }

  async describeUsers(ids: string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    // An erased profile already reads 'Deleted user' with nothing else; mapping it again keeps the
    // answer right whatever such a row still holds.
    const rows = await primaryQuery<PublicUserRow & { status: string }>(
      this.dataSource,
      `SELECT u.id, u.created_at, u.status, p.display_name, p.avatar_url, p.avatar_variants, p.city, p.country
       FROM identity.users u LEFT JOIN identity.profiles p ON p.user_id = u.id
       WHERE u.id = ANY($1::uuid[]) AND u.status IN ('active', 'deleted')`,
      [[...new Set(ids)]],
    );
    return this.withAvatars(rows, (row) =>
      (row as PublicUserRow & { status: string }).status === 'deleted'
        ? erasedPublicUser(row)
        : toPublicUser(row),
    );
  }

  async findPublicUser(id: string): Promise<PublicUser | null> {
    const [user] = await this.findPublicUsers([id]);
    return user ?? null;
  }

  async isActive(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(UserEntity).exists({ where: { id: userId, status: 'active' } });
  }

  /** On the primary: a moderator acts on an account just made or just suspended. */
  async accountRole(userId: string): Promise<'user' | 'admin' | null> {
    const [row] = await primaryQuery<{ role: 'user' | 'admin' }>(
      this.dataSource,
      `SELECT role FROM identity.users WHERE id = $1 AND status <> 'deleted'`,
      [userId],
    );
    return row?.role ?? null;
  }

  async accountExists(userId: string): Promise<boolean> {
    const [row] = await primaryQuery<{ found: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM identity.users WHERE id = $1 AND status <> 'deleted') AS found`,
      [userId],
    );
    return row.found;
  }

  /**
   * On the primary: a replica lagging behind the click on the link would still say unverified, or
   * behind an erasure still say active. An erased account's access token outlives it by minutes;
   * it must not promise a listing or a rental to anyone meanwhile.
   */
  async assertEmailVerified(userId: string): Promise<void> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ select: { id: true, status: true, emailVerifiedAt: true }, where: { id: userId } });
    if (user?.status === 'deleted') throw AccountDeletionErrors.accountClosed();
    if (this.config.IDENTITY_REQUIRE_VERIFIED_EMAIL && !user?.emailVerifiedAt)
      throw AccountRecoveryErrors.emailNotVerified();
  }

  /** On the primary: a notification follows the change that caused it by milliseconds. */
  async findContacts(ids: string[]): Promise<UserContact[]> {
    if (ids.length === 0) return [];
    const rows = await primaryQuery<{
      id: string;
      email: string;
      display_name: string | null;
      locale: string | null;
    }>(
      this.dataSource,
      `SELECT u.id, u.email, p.display_name, p.locale
       FROM identity.users u LEFT JOIN identity.profiles p ON p.user_id = u.id
       WHERE u.id = ANY($1::uuid[]) AND u.status = 'active'`,
      [[...new Set(ids)]],
    );
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      displayName: row.display_name ?? 'Member',
      locale: row.locale ?? 'en',
    }));
  }
}
