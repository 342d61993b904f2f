import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { MailLocale } from '../../../platform/mail/mail-template';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { IdentityErrors } from '../domain/identity.errors';
import { ProfileEntity } from '../persistence/profile.entity';
import { UserEntity } from '../persistence/user.entity';
import { SecondFactor } from './second-factor';
import { AccountView } from './account-view';
import { lockAvatar } from './avatar-lock';
import { AvatarViews } from './avatar-views';

export interface ProfileChanges {
  fullName?: string;
  displayName?: string;
  bio?: string | null;
  avatarUrl?: string | null;
  phone?: string | null;
  location?: { city: string; country: string; lat?: number | null; lng?: number | null } | null;
  locale?: MailLocale;
}

@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secondFactor: SecondFactor,
    private readonly avatars: AvatarViews,
    private readonly intake: ImageIntake,
  ) {}

  async getAccount(userId: string): Promise<AccountView> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id: userId }, relations: { profile: true } });
    // An erased account is gone for its own still-valid access tokens too.
    if (!user?.profile || user.status === 'deleted') throw IdentityErrors.userNotFound();
    return this.avatars.account(user, user.profile, await this.secondFactor.isEnrolled(userId));
  }

  /**
   * Omitted fields stay as they are; `null` clears an optional one. An avatarUrl given (or null)
   * replaces an uploaded avatar, whose files then go.
   */
  async updateProfile(userId: string, changes: ProfileChanges): Promise<AccountView> {
    const { location, ...rest } = changes;
    const patch: Partial<ProfileEntity> = { ...rest };
    if (location !== undefined) {
      patch.city = location?.city ?? null;
      patch.country = location?.country?.toUpperCase() ?? null;
      patch.latitude = location?.lat ?? null;
      patch.longitude = location?.lng ?? null;
    }
    let replaced: StoredImage['variants'] | null = null;
    if (Object.keys(patch).length > 0)
      replaced = await this.dataSource.transaction(async (manager) => {
        const upload = patch.avatarUrl !== undefined ? await lockAvatar(manager, userId) : null;
        if (patch.avatarUrl !== undefined) patch.avatarVariants = null;
        // Never on an erased account: an access token outliving the erasure must not write a name back.
        const { affected } = await manager
          .createQueryBuilder()
          .update(ProfileEntity)
          .set(patch)
          .where('user_id = :userId', { userId })
          .andWhere(`EXISTS (SELECT 1 FROM identity.users u WHERE u.id = :userId AND u.status <> 'deleted')`)
          .execute();
        if (!affected) throw IdentityErrors.userNotFound();
        return upload;
      });
    if (replaced) await withdrawAfterCommit(this.intake, [{ variants: replaced }]);
    return this.getAccount(userId);
  }
}
