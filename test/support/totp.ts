import { createHmac } from 'node:crypto';

/**
 * RFC 6238 TOTP written from the RFC with node:crypto, independent of the otpauth library the app
 * uses: HMAC-SHA1 over the 8-byte big-endian step counter, dynamic truncation (RFC 4226 §5.3).
 */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const TOTP_STEP_MS = 30_000;

export function base32Decode(text: string): Buffer {
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  return Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

export const totpStep = (timeMs: number = Date.now()) => Math.floor(timeMs / TOTP_STEP_MS);

/** The code of time step `step` for `key` (raw bytes), `digits` long. */
export function hotp(key: Buffer, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export const totpCode = (secretBase32: string, step: number = totpStep()) =>
  hotp(base32Decode(secretBase32), step);

/**
 * An authenticator as a test drives it: each code it hands out is of a step after the last one it
 * handed out (never earlier than now), as a person waiting for the next code would get. Steps
 * stay within the server's ±1 window as long as a test asks for at most two codes per 30 s.
 */
export class TestAuthenticator {
  lastStep = -1;
  constructor(readonly secret: string) {}

  nextCode(): string {
    this.lastStep = Math.max(totpStep(), this.lastStep + 1);
    return totpCode(this.secret, this.lastStep);
  }

  /** The code of the step handed out last: a replay. */
  lastCode(): string {
    return totpCode(this.secret, this.lastStep);
  }
}
