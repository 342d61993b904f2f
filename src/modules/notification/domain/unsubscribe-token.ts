import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NotificationCategory } from './notification-kinds';
import { isMandatoryEmail, NOTIFICATION_CATEGORIES } from './notification-kinds';

/**
 * The token of a one-click unsubscribe link (RFC 8058): `<userId>.<category>.<HMAC-SHA256>`, so a
 * mail client can POST it without a login and nobody can forge one for another person or category.
 * It does not expire: a link in an old email must keep working, and all it can do is switch one
 * category's email off for the person it was sent to.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (key: Buffer, userId: string, category: string) =>
  createHmac('sha256', key).update(`unsubscribe.v1|${userId}|${category}`).digest('base64url');

export function signUnsubscribeToken(key: Buffer, userId: string, category: NotificationCategory): string {
  return `${userId}.${category}.${mac(key, userId, category)}`;
}

/** The person and category a token names, or null when it is not one this key signed. */
export function verifyUnsubscribeToken(
  key: Buffer,
  token: string,
): { userId: string; category: NotificationCategory } | null {
  const [userId, category, signature, ...rest] = token.split('.');
  if (rest.length > 0 || !userId || !category || !signature || !UUID.test(userId)) return null;
  if (!(NOTIFICATION_CATEGORIES as readonly string[]).includes(category)) return null;
  const expected = Buffer.from(mac(key, userId, category));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const named = category as NotificationCategory;
  // Never signed for a mandatory category; one that claims it changes nothing.
  if (isMandatoryEmail(named)) return null;
  return { userId, category: named };
}
