import { randomBytes } from 'node:crypto';
import type { MailLocale, MailTemplate } from '../../src/platform/mail/mail-template';
import { MailRequests } from '../../src/platform/mail/mail-requests';
import type { TestApp } from './test-app';

/** A template of the tests' own, registered with `t.app.get(MailTemplates).register(WELCOME)`. */
export const WELCOME: MailTemplate = {
  name: 'test.welcome',
  subject: { en: 'Welcome, {{name}}', fr: 'Bienvenue, {{name}}' },
  text: { en: 'Hello {{name}}, confirm: {{link}}', fr: 'Bonjour {{name}}, confirmez : {{link}}' },
  html: {
    en: '<p>Hello {{name}}, <a href="{{link}}">confirm</a></p>',
    fr: '<p>Bonjour {{name}}, <a href="{{link}}">confirmer</a></p>',
  },
};

export const mailAddress = () => `mail-${randomBytes(5).toString('hex')}@example.com`;
export const mailLink = () =>
  `http://localhost:3000/verify-email?token=${randomBytes(16).toString('base64url')}`;

/** Asks for the welcome mail in a transaction of `identity`, as a context does; returns the event id. */
export async function requestWelcome(
  t: TestApp,
  mail: { to: string; link: string; locale?: MailLocale; userId?: string | null; name?: string },
  commit = true,
): Promise<string | null> {
  const id = await t.db
    .transaction(async (manager) => {
      await t.app.get(MailRequests).request(manager, 'identity', {
        userId: mail.userId ?? null,
        to: mail.to,
        locale: mail.locale ?? 'en',
        template: WELCOME.name,
        data: { name: mail.name ?? 'Ada', link: mail.link },
      });
      const [row] = await manager.query(
        `SELECT id FROM identity.outbox_events WHERE type = 'platform.MailRequested'
         ORDER BY occurred_at DESC, id DESC LIMIT 1`,
      );
      if (!commit) throw new Error('rolled back');
      return row.id as string;
    })
    .catch((error: Error) => (error.message === 'rolled back' ? null : Promise.reject(error)));
  return id;
}
