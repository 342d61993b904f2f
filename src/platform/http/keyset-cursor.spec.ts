import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

const position = { at: '2026-01-31T10:00:00.123456Z', id: '0b5f8a84-6d5e-4c1a-9a43-2f3a5c7d9e10' };

describe('keyset cursors', () => {
  it('round-trips a position, microseconds included', () => {
    expect(decodeKeysetCursor('t1', encodeKeysetCursor('t1', position))).toEqual(position);
  });

  it("refuses another list's cursor, garbage and tampered positions", () => {
    expect(decodeKeysetCursor('t2', encodeKeysetCursor('t1', position))).toBeNull();
    expect(decodeKeysetCursor('t1', 'not a cursor')).toBeNull();
    expect(decodeKeysetCursor('t1', '')).toBeNull();
    const tampered = Buffer.from(`t1|2026-01-31T10:00:00Z|${position.id}`).toString('base64url');
    expect(decodeKeysetCursor('t1', tampered)).toBeNull();
    const extra = Buffer.from(`t1|${position.at}|${position.id}|x`).toString('base64url');
    expect(decodeKeysetCursor('t1', extra)).toBeNull();
  });

  it.each(['2026-02-30T00:00:00.000000Z', '2025-02-29T00:00:00.000000Z', '2026-01-31T24:00:00.000000Z'])(
    'refuses a position on a day or hour that does not exist (%s), which PostgreSQL would refuse',
    (at) => {
      const cursor = Buffer.from(`t1|${at}|${position.id}`).toString('base64url');
      expect(decodeKeysetCursor('t1', cursor)).toBeNull();
    },
  );

  it('never encodes what is not a position', () => {
    expect(() => encodeKeysetCursor('t1', { at: '2026-01-31', id: position.id })).toThrow();
  });
});
