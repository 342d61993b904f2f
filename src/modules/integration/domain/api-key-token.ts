import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '../../../platform/auth/api-key';

/** A key as issued: the secret the integrator gets once, and what the database keeps instead. */
export interface IssuedApiKey {
  /** `osk_live_` + 43 base64url characters (256 random bits). Shown once, never stored. */
  token: string;
  /** SHA-256 of the token, hex: how a presented key is found. */
  hash: string;
  /** The first characters, kept to tell keys apart in lists (`osk_live_Ab12Cd34`). */
  hint: string;
}

const TOKEN = /^osk_(live|test)_[A-Za-z0-9_-]{43}$/;
const HINT_LENGTH = 17;

/**
 * A new key. 256 bits from the CSPRNG make guessing hopeless, so a plain SHA-256 (no salt, no slow
 * hash) is enough at rest: unlike a password there is nothing to brute-force, and the lookup by
 * hash stays one index probe per request. The recognisable prefix lets secret scanners spot a
 * leaked key and tells `live` from `test` ones at a glance.
 */
export function issueApiKey(environment: 'live' | 'test'): IssuedApiKey {
  const token = `${API_KEY_PREFIX}${environment}_${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashApiKey(token), hint: token.slice(0, HINT_LENGTH) };
}

export const hashApiKey = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Whether the text can be a key at all (checked before any database work). */
export const looksLikeApiKey = (token: string): boolean => TOKEN.test(token);
