/**
 * A position in the events feed as an opaque cursor. Positions are the feed's own sequence
 * (bigint, kept as text: JavaScript numbers stop being exact past 2^53).
 */
const VERSION = 'ev1';
const POSITION = /^(0|[1-9][0-9]{0,17})$/;

export function encodeFeedCursor(position: string): string {
  if (!POSITION.test(position)) throw new Error(`Not a feed position: ${position}`);
  return Buffer.from(`${VERSION}|${position}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one encodeFeedCursor produced. */
export function decodeFeedCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return null;
  const [version, position, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (version !== VERSION || rest.length > 0 || position === undefined || !POSITION.test(position))
    return null;
  return position;
}

/** The later of two positions (as text, compared as numbers). */
export const laterPosition = (a: string, b: string): string => (BigInt(a) >= BigInt(b) ? a : b);
