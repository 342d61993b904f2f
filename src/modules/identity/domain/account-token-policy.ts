/** What an email link's token lets its holder do. */
export type AccountTokenPurpose = 'verify_email' | 'change_email' | 'password_reset';

/**
 * The shape every token has: 32 random bytes in base64url (256 bits, unguessable). Anything else
 * is refused as malformed before the database is asked.
 */
export const ACCOUNT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface AccountTokenState {
  purpose: AccountTokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
}

export type AccountTokenDecision =
  | 'valid'
  /** Unknown, superseded by a newer link, or issued for another purpose. */
  | 'invalid'
  | 'expired'
  | 'used';

/**
 * Whether a presented token may be used for one of `accepted` purposes. A used token says so
 * even once expired: "you already clicked this" is the more useful answer.
 */
export function decideAccountToken(
  token: AccountTokenState | null,
  accepted: readonly AccountTokenPurpose[],
  now: Date,
): AccountTokenDecision {
  if (!token || !accepted.includes(token.purpose)) return 'invalid';
  if (token.usedAt) return 'used';
  if (token.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'valid';
}

export interface AccountTokenTtls {
  emailVerificationHours: number;
  passwordResetMinutes: number;
}

/** When a token issued at `issuedAt` stops working: reset links are short-lived, email links less so. */
export function accountTokenExpiry(
  purpose: AccountTokenPurpose,
  issuedAt: Date,
  ttls: AccountTokenTtls,
): Date {
  const ms =
    purpose === 'password_reset'
      ? ttls.passwordResetMinutes * 60_000
      : ttls.emailVerificationHours * 3_600_000;
  return new Date(issuedAt.getTime() + ms);
}
