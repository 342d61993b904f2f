import { createHash, randomBytes } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;

/** 32 letters and digits without the look-alikes (0/o, 1/l): each character carries 5 bits. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const LENGTH = 12;

/**
 * One-time codes for when the authenticator is lost. 12 characters, 60 random bits: far beyond
 * what the per-account attempt limit lets anyone guess, so a fast unsalted hash is enough to keep
 * them (nobody can brute-force 2^60 candidates from a leaked table). Shown as `abcd-efgh-jkmn`.
 */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    // 256 is a multiple of 32: masking a byte to 5 bits keeps every character equally likely.
    const chars = [...randomBytes(LENGTH)].map((byte) => ALPHABET[byte & 31]).join('');
    return chars.match(/.{4}/g)?.join('-') ?? chars;
  });
}

/** How a person may type it: any case, spaces or dashes anywhere. */
export function normalizeRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '');
}

export function hashRecoveryCode(typed: string): string {
  return createHash('sha256').update(normalizeRecoveryCode(typed)).digest('hex');
}
