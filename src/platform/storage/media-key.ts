/**
 * The only object keys storage accepts: slash-separated segments of letters, digits, `_` and `-`,
 * the last with one extension (`images/<id>/<hash>-card.webp`). No `.` segment, no `%`, no
 * backslash can match, so a key can never climb out of the media directory or alias another one.
 */
export const MEDIA_KEY = /^(?:[A-Za-z0-9_-]{1,100}\/){0,5}[A-Za-z0-9_-]{1,100}\.[a-z0-9]{1,8}$/;

export const isMediaKey = (key: string): boolean => key.length <= 512 && MEDIA_KEY.test(key);

/** Content types of what storage serves, by extension (only WebP variants are written today). */
export const CONTENT_TYPE_BY_EXTENSION: Record<string, string> = {
  webp: 'image/webp',
  jpg: 'image/jpeg',
  png: 'image/png',
};
