import { passwordPolicyViolations } from './password-policy';

describe('passwordPolicyViolations', () => {
  it.each([
    ['correct-Horse', []],
    ['abcdefghij1', []],
    ['ÄÖÜäöüßabc1', []],
  ])('accepts %s', (password, expected) => {
    expect(passwordPolicyViolations(password)).toEqual(expected);
  });

  it('refuses short passwords', () => {
    expect(passwordPolicyViolations('Ab1!')).toEqual(['password must be at least 10 characters long']);
  });

  it.each(['abcdefghijkl', 'ABCDEFGHIJKL', '123456789012', '!!!!!!!!!!!!'])(
    'refuses a single class: %s',
    (password) => {
      expect(passwordPolicyViolations(password)).toEqual([
        'password must mix at least two of: lowercase, uppercase, digits, symbols',
      ]);
    },
  );

  it('refuses passwords longer than 72 bytes, counting UTF-8 bytes not characters', () => {
    expect(passwordPolicyViolations('a1'.repeat(36))).toEqual([]);
    expect(passwordPolicyViolations('a1'.repeat(36) + 'x')).toEqual([
      'password must be at most 72 bytes in UTF-8',
    ]);
    // 25 three-byte characters are 75 bytes though only 25 characters
    expect(passwordPolicyViolations('€'.repeat(25) + 'a')).toContain(
      'password must be at most 72 bytes in UTF-8',
    );
  });

  it('allows at least 64 characters', () => {
    expect(passwordPolicyViolations('aB3'.repeat(21) + 'x')).toEqual([]);
  });
});
