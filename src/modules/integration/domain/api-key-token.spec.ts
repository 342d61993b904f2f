import { createHash } from 'node:crypto';
import { hashApiKey, issueApiKey, looksLikeApiKey } from './api-key-token';

describe('API key tokens', () => {
  it('issues recognisable 256-bit keys whose hash is SHA-256 of the whole token', () => {
    const key = issueApiKey('live');
    expect(key.token).toMatch(/^osk_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.token.slice('osk_live_'.length), 'base64url')).toHaveLength(32);
    expect(key.hash).toBe(createHash('sha256').update(key.token).digest('hex'));
    expect(key.hint).toBe(key.token.slice(0, 17));
    expect(issueApiKey('test').token).toMatch(/^osk_test_/);
  });

  it('never issues the same key twice', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => issueApiKey('test').token));
    expect(tokens.size).toBe(200);
  });

  it.each([
    ['osk_live_' + 'a'.repeat(43), true],
    ['osk_test_' + 'A_-'.repeat(14) + 'x', true],
    ['osk_live_' + 'a'.repeat(42), false],
    ['osk_prod_' + 'a'.repeat(43), false],
    ['eyJhbGciOiJIUzI1NiJ9.e30.sig', false],
    ['osk_live_' + 'a'.repeat(42) + '=', false],
  ])('%s looks like a key: %s', (token, expected) => {
    expect(looksLikeApiKey(token)).toBe(expected);
  });

  it('hashes deterministically', () => {
    expect(hashApiKey('osk_test_x')).toBe(hashApiKey('osk_test_x'));
    expect(hashApiKey('osk_test_x')).not.toBe(hashApiKey('osk_test_y'));
  });
});
