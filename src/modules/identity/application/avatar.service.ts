import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { ProfileEntity } from '../persistence/profile.entity';
import type { AccountView } from './account-view';
import { lockAvatar } from './avatar-lock';
import { ProfileService } from './profile.service';

type Variants = StoredImage['variants'];

/** An uploaded avatar: stored as variants, the previous one's files withdrawn once replaced. */
@Injectable()
export class AvatarService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: ImageIntake,
    private readonly profiles: ProfileService,
  ) {}

  async set(userId: string, bytes: Buffer): Promise<AccountView> {
    // An erased or unknown account stores nothing.
    await this.dataSource.transaction((manager) => lockAvatar(manager, userId));
    // A fresh key: nothing in the URL names the person, and a replaced avatar never shares a key.
    const stored = await this.intake.store(bytes, randomUUID());
    let previous: Variants | null;
    try {
      previous = await this.replace(userId, stored.variants);
    } catch (error) {
      await withdrawAfterCommit(this.intake, [stored]);
      throw error;
    }
    if (previous) await withdrawAfterCommit(this.intake, [{ variants: previous }]);
    return this.profiles.getAccount(userId);
  }

  async remove(userId: string): Promise<void> {
    const previous = await this.replace(userId, null);
    if (previous) await withdrawAfterCommit(this.intake, [{ variants: previous }]);
  }

  /** Sets (or clears) the avatar, an external URL included; returns the upload it replaced. */
  private replace(userId: string, variants: Variants | null): Promise<Variants | null> {
    return this.dataSource.transaction(async (manager) => {
      const previous = await lockAvatar(manager, userId);
      await manager.update(ProfileEntity, { userId }, { avatarUrl: null, avatarVariants: variants });
      return previous;
    });
  }
}
