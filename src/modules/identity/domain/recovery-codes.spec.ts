import { hashRecoveryCode, newRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';

describe('recovery codes', () => {
  it('are ten distinct 12-character codes in groups of four, without look-alike characters', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}$/);
  });

  it('use the whole alphabet (no character stuck by the masking)', () => {
    const seen = new Set(newRecoveryCodes(200).join('').replace(/-/g, ''));
    expect(seen.size).toBe(32);
  });

  it('hash the same however they are typed', () => {
    expect(normalizeRecoveryCode(' ABCD-efgh jkmn ')).toBe('abcdefghjkmn');
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toBe(hashRecoveryCode('ABCDEFGHJKMN'));
    expect(hashRecoveryCode('abcd-efgh-jkmn')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('abcd-efgh-jkmn')).not.toBe(hashRecoveryCode('abcd-efgh-jkmp'));
  });
});
