import { ACCOUNT_TOKEN_PATTERN, accountTokenExpiry, decideAccountToken } from './account-token-policy';

const now = new Date('2026-06-01T12:00:00Z');
const later = new Date('2026-06-02T12:00:00Z');
const earlier = new Date('2026-05-31T12:00:00Z');

describe('decideAccountToken', () => {
  it('accepts a fresh, unused token of an accepted purpose', () => {
    expect(
      decideAccountToken({ purpose: 'verify_email', expiresAt: later, usedAt: null }, ['verify_email'], now),
    ).toBe('valid');
    expect(
      decideAccountToken(
        { purpose: 'change_email', expiresAt: later, usedAt: null },
        ['verify_email', 'change_email'],
        now,
      ),
    ).toBe('valid');
  });

  it('calls an unknown token, or one of another purpose, invalid', () => {
    expect(decideAccountToken(null, ['verify_email'], now)).toBe('invalid');
    expect(
      decideAccountToken(
        { purpose: 'verify_email', expiresAt: later, usedAt: null },
        ['password_reset'],
        now,
      ),
    ).toBe('invalid');
  });

  it('calls a token of another purpose invalid even when it is used or expired', () => {
    expect(
      decideAccountToken(
        { purpose: 'password_reset', expiresAt: earlier, usedAt: earlier },
        ['verify_email'],
        now,
      ),
    ).toBe('invalid');
  });

  it('says used before expired', () => {
    expect(
      decideAccountToken(
        { purpose: 'password_reset', expiresAt: earlier, usedAt: earlier },
        ['password_reset'],
        now,
      ),
    ).toBe('used');
    expect(
      decideAccountToken(
        { purpose: 'password_reset', expiresAt: later, usedAt: earlier },
        ['password_reset'],
        now,
      ),
    ).toBe('used');
  });

  it('expires at the expiry instant itself', () => {
    expect(
      decideAccountToken({ purpose: 'verify_email', expiresAt: now, usedAt: null }, ['verify_email'], now),
    ).toBe('expired');
    const justBefore = new Date(now.getTime() - 1);
    expect(
      decideAccountToken(
        { purpose: 'verify_email', expiresAt: now, usedAt: null },
        ['verify_email'],
        justBefore,
      ),
    ).toBe('valid');
  });
});

describe('accountTokenExpiry', () => {
  const ttls = { emailVerificationHours: 48, passwordResetMinutes: 60 };

  it('gives reset links minutes and email links hours', () => {
    expect(accountTokenExpiry('password_reset', now, ttls).toISOString()).toBe('2026-06-01T13:00:00.000Z');
    expect(accountTokenExpiry('verify_email', now, ttls).toISOString()).toBe('2026-06-03T12:00:00.000Z');
    expect(accountTokenExpiry('change_email', now, ttls).toISOString()).toBe('2026-06-03T12:00:00.000Z');
  });
});

describe('ACCOUNT_TOKEN_PATTERN', () => {
  it('matches 32 bytes of base64url and nothing else', () => {
    expect(ACCOUNT_TOKEN_PATTERN.test(Buffer.alloc(32, 0xfb).toString('base64url'))).toBe(true);
    expect(ACCOUNT_TOKEN_PATTERN.test('a'.repeat(42))).toBe(false);
    expect(ACCOUNT_TOKEN_PATTERN.test('a'.repeat(44))).toBe(false);
    expect(ACCOUNT_TOKEN_PATTERN.test('a'.repeat(42) + '=')).toBe(false);
    expect(ACCOUNT_TOKEN_PATTERN.test('a'.repeat(42) + '+')).toBe(false);
  });
});
