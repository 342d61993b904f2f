import type { Role } from '../../../platform/auth/auth-user';
import type { VariantViews } from '../../../platform/media/variant-views';
import type { ProfileEntity } from '../persistence/profile.entity';
import type { UserEntity } from '../persistence/user.entity';

export interface LocationView {
  city: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
}

export interface ProfileView {
  fullName: string;
  displayName: string;
  bio: string | null;
  /** An external avatar's URL, or an uploaded one's card variant. */
  avatarUrl: string | null;
  /** An uploaded avatar's variants; null otherwise. */
  avatar: VariantViews | null;
  phone: string | null;
  location: LocationView;
}

/** The caller's own account: the only view that carries email and phone. */
export interface AccountView {
  id: string;
  email: string;
  /** Whether the person proved they read `email` (the link of the verification email). */
  emailVerified: boolean;
  /** The language of their emails. */
  locale: string;
  role: Role;
  status: string;
  createdAt: string;
  /** Whether sign-in asks for a second factor (a confirmed authenticator). */
  mfaEnabled: boolean;
  profile: ProfileView;
}

/** `avatar`: from AvatarViews (its URLs need the storage); omitted, the profile's external URL alone. */
export function toAccountView(
  user: UserEntity,
  profile: ProfileEntity,
  mfaEnabled: boolean,
  avatar: { avatarUrl: string | null; avatar: VariantViews | null } = {
    avatarUrl: profile.avatarUrl,
    avatar: null,
  },
): AccountView {
  return {
    id: user.id,
    email: user.email,
    emailVerified: Boolean(user.emailVerifiedAt),
    locale: profile.locale,
    role: user.role,
    status: user.status,
    createdAt: user.createdAt.toISOString(),
    mfaEnabled,
    profile: {
      fullName: profile.fullName,
      displayName: profile.displayName,
      bio: profile.bio,
      avatarUrl: avatar.avatarUrl,
      avatar: avatar.avatar,
      phone: profile.phone,
      location: {
        city: profile.city,
        country: profile.country,
        lat: profile.latitude,
        lng: profile.longitude,
      },
    },
  };
}
