import { createHmac } from 'node:crypto';
import { matchTotpStep, newTotpSecret, totpUri } from './totp';

// RFC 6238 appendix B: the SHA1 key is the ASCII "12345678901234567890". Its 8-digit values end in
// the 6-digit code (both are the same truncated HMAC, modulo 10^8 or 10^6).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const RFC_VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
];

describe('TOTP', () => {
  it.each(RFC_VECTORS)('accepts the RFC 6238 code of t=%i at its own step', (seconds, code8) => {
    expect(matchTotpStep(RFC_SECRET, code8.slice(2), seconds * 1000)).toBe(Math.floor(seconds / 30));
  });

  it('accepts one step either side of now and names the step the code was made for', () => {
    const t = 1234567890 * 1000;
    expect(matchTotpStep(RFC_SECRET, '005924', t + 30_000)).toBe(41152263);
    expect(matchTotpStep(RFC_SECRET, '005924', t - 30_000)).toBe(41152263);
    expect(matchTotpStep(RFC_SECRET, '005924', t + 60_000)).toBeNull();
  });

  it('refuses anything but six digits', () => {
    expect(matchTotpStep(RFC_SECRET, '94287082', 59_000)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, '28708', 59_000)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, ' 287082', 59_000)).toBeNull();
  });

  it('makes 160-bit base32 secrets an authenticator can import', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'ada@example.com', 'OneSociety'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/OneSociety:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      issuer: 'OneSociety',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('agrees with a plain HMAC-SHA1 computation on a fresh secret', () => {
    const secret = newTotpSecret();
    const key = Buffer.from(base32Decode(secret));
    const now = Date.now();
    const step = Math.floor(now / 30_000);
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64BE(BigInt(step));
    const mac = createHmac('sha1', key).update(counter).digest();
    const offset = mac[19] & 15;
    const code = String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
    expect(matchTotpStep(secret, code, now)).toBe(step);
  });
});

function base32Decode(text: string): number[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of text) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  return (bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2));
}
