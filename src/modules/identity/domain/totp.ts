import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 as every authenticator app reads an otpauth:// URI by default: HMAC-SHA1, 6 digits,
 * 30-second steps. A code is accepted one step either side of now, for clock drift and typing time.
 */
const ALGORITHM = 'SHA1';
const DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
const WINDOW = 1;

/** A new shared secret, base32: 160 bits, the HMAC-SHA1 key length RFC 4226 recommends. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUri(secretBase32: string, account: string, issuer: string): string {
  return new TOTP({
    issuer,
    label: account,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  }).toString();
}

/**
 * The time step (counter) `code` was generated for, when it is one of the steps within the window
 * around `now`; null otherwise. Callers record the step so the same code never works twice.
 */
export function matchTotpStep(secretBase32: string, code: string, now: number = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: now,
    window: WINDOW,
  });
  return delta === null ? null : TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now }) + delta;
}
