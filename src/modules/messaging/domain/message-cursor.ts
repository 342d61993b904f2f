import { isCalendarInstant } from '../../../platform/http/keyset-cursor';

/**
 * A position in a conversation's message order (created_at, id). The timestamp keeps PostgreSQL's
 * microseconds (a JavaScript Date would round them away and make two messages of the same
 * millisecond compare wrongly), so it travels as the exact text PostgreSQL gave us.
 */
export interface MessagePosition {
  /** ISO 8601 UTC with microseconds: `2026-01-31T10:00:00.123456Z`. */
  createdAt: string;
  id: string;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VERSION = 'm1';

export function encodeCursor(position: MessagePosition): string {
  if (!TIMESTAMP.test(position.createdAt) || !UUID.test(position.id))
    throw new Error(`Not a message position: ${JSON.stringify(position)}`);
  return Buffer.from(`${VERSION}|${position.createdAt}|${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this API produced. */
export function decodeCursor(cursor: string): MessagePosition | null {
  if (cursor.length === 0 || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return null;
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, createdAt, id] = parts;
  if (!TIMESTAMP.test(createdAt) || !UUID.test(id)) return null;
  if (!isCalendarInstant(createdAt)) return null;
  return { createdAt, id };
}

/** (created_at, id) order, as the index and the row comparison in SQL see it. */
export function comparePositions(a: MessagePosition, b: MessagePosition): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
