import { Injectable } from '@nestjs/common';
import type { StoredImage } from '../../../platform/media/image-intake';
import { variantViews } from '../../../platform/media/variant-views';
import type { VariantViews } from '../../../platform/media/variant-views';
import { ObjectStorage } from '../../../platform/storage/object-storage';
import type { ProfileEntity } from '../persistence/profile.entity';
import type { UserEntity } from '../persistence/user.entity';
import type { AccountView } from './account-view';
import { toAccountView } from './account-view';

export interface AvatarView {
  /** An external avatar's URL, or an uploaded one's card variant. */
  avatarUrl: string | null;
  /** An uploaded avatar's variants; null otherwise. */
  avatar: VariantViews | null;
}

/** Avatars as clients see them: an upload's URLs computed now (presigned ones expire). */
@Injectable()
export class AvatarViews {
  constructor(private readonly storage: ObjectStorage) {}

  async of(profile: {
    avatarUrl: string | null;
    avatarVariants: StoredImage['variants'] | null;
  }): Promise<AvatarView> {
    if (!profile.avatarVariants) return { avatarUrl: profile.avatarUrl, avatar: null };
    const avatar = await variantViews(this.storage, profile.avatarVariants);
    return { avatarUrl: avatar.card.url, avatar };
  }

  async account(user: UserEntity, profile: ProfileEntity, mfaEnabled: boolean): Promise<AccountView> {
    return toAccountView(user, profile, mfaEnabled, await this.of(profile));
  }
}
