import { decideRefresh } from './refresh-token-policy';

const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-02-01T00:00:00Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);

describe('decideRefresh', () => {
  it('rotates a fresh token', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: null, revokedAt: null }, now, 10)).toBe('rotate');
  });

  it('reissues when the same token comes back within the grace', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: secondsAgo(10), revokedAt: null }, now, 10)).toBe(
      'reissue_within_grace',
    );
  });

  it('detects reuse after the grace', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: secondsAgo(11), revokedAt: null }, now, 10)).toBe(
      'reuse_detected',
    );
  });

  it('detects reuse at once when there is no grace', () => {
    expect(decideRefresh({ expiresAt: later, rotatedAt: now, revokedAt: null }, now, 0)).toBe(
      'reissue_within_grace',
    );
    expect(decideRefresh({ expiresAt: later, rotatedAt: secondsAgo(1), revokedAt: null }, now, 0)).toBe(
      'reuse_detected',
    );
  });

  it('refuses expired and revoked tokens before anything else', () => {
    expect(decideRefresh({ expiresAt: now, rotatedAt: null, revokedAt: null }, now, 10)).toBe('expired');
    expect(decideRefresh({ expiresAt: later, rotatedAt: secondsAgo(100), revokedAt: now }, now, 10)).toBe(
      'revoked',
    );
  });
});
