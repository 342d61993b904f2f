import fc from 'fast-check';

/** Strings attackers and broken clients send: injection fragments, odd unicode, control characters. */
export const HOSTILE_STRINGS = [
  "' OR '1'='1",
  '1; DROP TABLE identity.users; --',
  '" UNION SELECT password_hash FROM identity.users --',
  "'); SELECT pg_sleep(10); --",
  '$1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  'nul\u0000byte',
  '\u202eevil\u202c',
  '\ud83d\ude00\ud83d\udca9\u0301\u0301',
  '\ud800',
  'Ω≈ç√∫˜µ≤≥÷',
  '𝕿𝖍𝖊 𝖖𝖚𝖎𝖈𝖐',
  'ﷺ',
  '\t\r\n',
  '   ',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '{"$gt":""}',
  '__proto__',
  'constructor',
];

/** A hostile string: from the list, random unicode (astral, combining, controls) or random bytes. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  );

/** A string of `length` copies of one unusual character (multi-byte, so byte limits are tested too). */
export const longString = (min: number, max: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.integer({ min, max }), fc.constantFrom('x', 'é', '字', '😀'))
    .map(([length, char]) => char.repeat(length));

/** Any JSON value, nested up to a few levels (for unknown fields and wrong types). */
export const anyJson = (): fc.Arbitrary<unknown> => fc.jsonValue({ maxDepth: 3 }).map((v) => v as unknown);

/** The JSON text of `{"a":{"a":...}}` or `[[[...]]]`, `depth` levels deep. */
export function nestedJson(depth: number, kind: 'object' | 'array'): string {
  return kind === 'object'
    ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
    : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}
