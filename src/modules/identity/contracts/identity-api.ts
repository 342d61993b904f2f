/** What anyone may see of a user: never email, phone or credentials. */
export interface PublicUser {
  id: string;
  displayName: string;
  avatarUrl: string | null;
  city: string | null;
  country: string | null;
  memberSince: string;
}

/**
 * How to reach a person, for the notification context alone: the address it mails and the language
 * it writes in. Never shown to anyone else.
 */
export interface UserContact {
  id: string;
  email: string;
  displayName: string;
  /** `en` or `fr`. */
  locale: string;
}

/**
 * Identity's public API for other contexts. Inject it with `@Inject(IdentityApi)`; in a split
 * deployment the same abstract class gets an HTTP-backed implementation.
 */
export abstract class IdentityApi {
  /** Active users only; unknown or suspended ids are simply absent from the result. */
  abstract findPublicUsers(ids: string[]): Promise<PublicUser[]>;
  abstract findPublicUser(id: string): Promise<PublicUser | null>;
  /**
   * For naming the people behind past content (messages, reviews): active users as findPublicUsers
   * shows them, and erased accounts as `displayName: 'Deleted user'` with no avatar or place, so
   * what they wrote still renders. Suspended and unknown ids are absent, as in findPublicUsers.
   */
  abstract describeUsers(ids: string[]): Promise<PublicUser[]>;
  abstract isActive(userId: string): Promise<boolean>;
  /** Whether an account exists and is not erased, active or suspended (moderators act on both). */
  abstract accountExists(userId: string): Promise<boolean>;
  /** The role of an account that exists (active or suspended); null for an unknown or erased one. */
  abstract accountRole(userId: string): Promise<'user' | 'admin' | null>;
  /**
   * Publishing a listing and requesting a rental need a proven email (when
   * IDENTITY_REQUIRE_VERIFIED_EMAIL is on): throws the 403 IDENTITY.EMAIL_NOT_VERIFIED DomainError,
   * whose problem body names the re-send route. An erased account (whose access token may outlive
   * it by minutes) gets the 401 IDENTITY.ACCOUNT_CLOSED whatever the setting.
   */
  abstract assertEmailVerified(userId: string): Promise<void>;
  /**
   * Addresses, names and languages of active accounts, to notify them; suspended, erased and
   * unknown ids are absent (nobody mails an account that cannot act or no longer exists).
   */
  abstract findContacts(ids: string[]): Promise<UserContact[]>;
}
