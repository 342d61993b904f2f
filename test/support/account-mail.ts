import { createHash } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import type { CapturedMail, SmtpCapture } from './smtp-capture';
import type { TestApp } from './test-app';

/** Settings for an app whose mail goes to the in-process SMTP server, delivered only when drained. */
export const smtpEnv = (smtp: SmtpCapture): Record<string, string> => ({
  SMTP_URL: smtp.url,
  MAIL_DISPATCH_INTERVAL_MS: '0',
  EVENTS_RELAY_INTERVAL_MS: '0',
  PUBLIC_WEB_URL: 'https://app.onesociety.test',
});

/** Hands the outboxes' mail requests to the mail path, then sends everything over SMTP. */
export async function deliverMail(t: TestApp): Promise<void> {
  await t.app.get(EventRelay).drain();
  await t.app.get(MailDispatcher).drain();
}

/** Delivers, then waits for the mail to `to` whose subject matches (the newest one if several). */
export async function mailTo(
  t: TestApp,
  smtp: SmtpCapture,
  to: string,
  subject: string | RegExp,
): Promise<CapturedMail> {
  await deliverMail(t);
  const matches = (m: CapturedMail) =>
    m.to === to.toLowerCase() &&
    (typeof subject === 'string' ? m.subject === subject : subject.test(m.subject));
  await smtp.waitFor(matches);
  return smtp.messages.filter(matches).at(-1)!;
}

/** The link of an identity email, as the person would click it, and the token it carries. */
export function linkIn(
  mail: CapturedMail,
  page: 'verify-email' | 'reset-password',
): { link: string; token: string } {
  const match = new RegExp(`(https://app\\.onesociety\\.test/${page}\\?token=([A-Za-z0-9_-]{43}))`).exec(
    mail.text,
  );
  if (!match) throw new Error(`no ${page} link in: ${mail.text}`);
  return { link: match[1], token: match[2] };
}

/** What the database keeps of a token: its SHA-256, base64url. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export const sentTo = (smtp: SmtpCapture, to: string) =>
  smtp.messages.filter((m) => m.to === to.toLowerCase());
