/**
 * A keyset position (timestamp, id) as an opaque cursor, for lists ordered newest first. The
 * timestamp keeps PostgreSQL's microseconds (a JavaScript Date would round two rows of one
 * millisecond together and a page would skip one), so it travels as the text PostgreSQL gave:
 * select it with `keysetTimestamp(column)`. The version tag keeps one list's cursors out of another.
 */
export interface KeysetPosition {
  /** ISO 8601 UTC with microseconds: `2026-01-31T10:00:00.123456Z`. */
  at: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The SQL giving a timestamptz column as a KeysetPosition's `at`. */
export const keysetTimestamp = (column: string) =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeKeysetCursor(version: string, position: KeysetPosition): string {
  if (!TIMESTAMP.test(position.at) || !UUID.test(position.id))
    throw new Error(`Not a keyset position: ${JSON.stringify(position)}`);
  return Buffer.from(`${version}|${position.at}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one `encodeKeysetCursor(version)` produced. */
export function decodeKeysetCursor(version: string, cursor: string): KeysetPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3 || parts[0] !== version) return null;
  const [, at, id] = parts;
  if (!TIMESTAMP.test(at) || !UUID.test(id) || !isCalendarInstant(at)) return null;
  return { at, id };
}

/**
 * A real instant, to the second: V8 reads 2026-02-30 as March 2nd and 24:00 as the next day, where
 * PostgreSQL refuses them (an error the client would have caused).
 */
export function isCalendarInstant(at: string): boolean {
  const time = Date.parse(at);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === at.slice(0, 19);
}
