import { isInstant } from './is-instant';

describe('isInstant', () => {
  it.each([
    '2026-01-31T10:00:00Z',
    '2026-01-31T10:00:00.123456Z',
    '2026-01-31T10:00:00+01:00',
    '2024-02-29T00:00:00Z',
    '0001-01-01T00:00:00Z',
  ])('accepts %s', (value) => expect(isInstant(value)).toBe(true));

  it.each([
    '2026-01-31',
    '2026-01-31T10:00:00',
    '2026-02-30T00:00:00Z',
    '2025-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-01-31T24:00:00Z',
    '0000-01-01T00:00:00Z',
    '2026-01-31T10:00:00.1234567Z',
    '2026-01-31t10:00:00z',
    42,
  ])('refuses %s', (value) => expect(isInstant(value)).toBe(false));
});
