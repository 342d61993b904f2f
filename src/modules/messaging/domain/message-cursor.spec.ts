import { comparePositions, decodeCursor, encodeCursor } from './message-cursor';

const id = '0190a5c4-7b1e-7c3d-8e2f-1a2b3c4d5e6f';

describe('message cursors', () => {
  it('round-trips a position with its microseconds', () => {
    const position = { createdAt: '2026-01-31T10:00:00.123456Z', id };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it('refuses to encode something that is not a position', () => {
    expect(() => encodeCursor({ createdAt: '2026-01-31T10:00:00.123Z', id })).toThrow();
    expect(() => encodeCursor({ createdAt: '2026-01-31T10:00:00.123456Z', id: 'x' })).toThrow();
  });

  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  it.each([
    ['empty', ''],
    ['not base64url', 'abc$def'],
    ['too long', 'a'.repeat(201)],
    ['no version', b64(`2026-01-31T10:00:00.123456Z|${id}`)],
    ['another version', b64(`m2|2026-01-31T10:00:00.123456Z|${id}`)],
    ['milliseconds only', b64(`m1|2026-01-31T10:00:00.123Z|${id}`)],
    ['an impossible date', b64(`m1|2026-13-45T10:00:00.123456Z|${id}`)],
    ['a day February does not have', b64(`m1|2026-02-30T10:00:00.123456Z|${id}`)],
    ['hour 24', b64(`m1|2026-01-31T24:00:00.123456Z|${id}`)],
    ['an upper-case id', b64(`m1|2026-01-31T10:00:00.123456Z|${id.toUpperCase()}`)],
    ['SQL in the id', b64(`m1|2026-01-31T10:00:00.123456Z|'; DROP TABLE x;--`)],
    ['extra parts', b64(`m1|2026-01-31T10:00:00.123456Z|${id}|x`)],
  ])('decodes %s to null', (_, cursor) => {
    expect(decodeCursor(cursor)).toBeNull();
  });

  it('orders by time, then id, like the (created_at, id) index', () => {
    const a = { createdAt: '2026-01-31T10:00:00.000001Z', id: 'ffffffff-ffff-4fff-8fff-ffffffffffff' };
    const b = { createdAt: '2026-01-31T10:00:00.000002Z', id: '00000000-0000-4000-8000-000000000000' };
    const c = { createdAt: b.createdAt, id: '00000000-0000-4000-8000-000000000001' };
    expect([c, a, b].sort(comparePositions)).toEqual([a, b, c]);
    expect(comparePositions(b, b)).toBe(0);
  });
});
