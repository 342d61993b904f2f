/**
 * What an erased account keeps: its id (other contexts' records point at it) and nothing that
 * names, reaches or authenticates the person. Plain rules, applied by AccountDeletionService.
 */

/** How other contexts show the author of what an erased account left behind. */
export const DELETED_USER_NAME = 'Deleted user';

/**
 * Unique (the id is) and undeliverable: `.invalid` is reserved (RFC 2606), so no mail can ever
 * reach anyone, and the address frees the real one for a new signup.
 */
export const erasedEmail = (userId: string) => `deleted-${userId.toLowerCase()}@deleted.invalid`;

/**
 * Not a bcrypt hash (those are 60 characters starting with `$2`), so no password can ever match
 * it. Sign-in refuses a deleted status anyway; this keeps the account closed should a path forget to.
 */
export const ERASED_PASSWORD_HASH = '!erased';

/** The profile columns after erasure: names replaced, everything optional cleared. */
export const ERASED_PROFILE = {
  fullName: DELETED_USER_NAME,
  displayName: DELETED_USER_NAME,
  bio: null,
  avatarUrl: null,
  avatarVariants: null,
  phone: null,
  city: null,
  country: null,
  latitude: null,
  longitude: null,
} as const;
