import { createHash } from 'node:crypto';

/**
 * An email as it may appear in rate-limit keys and other bookkeeping: a SHA-256, so that erasing
 * an account leaves no address behind in tables identity does not own (platform.rate_limits).
 */
export const emailKey = (normalizedEmail: string) =>
  createHash('sha256').update(normalizedEmail).digest('base64url');
