import type { MailLocale, MailTemplate } from '../../../../platform/mail/mail-template';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import type { NotificationKind } from '../../domain/notification-kinds';
import { NOTIFICATION_KINDS } from '../../domain/notification-kinds';
import { CHROME, PHRASES } from './notification-phrases';

/** The mail template of a notification kind: `notification.rental.requested`. */
export const templateName = (kind: NotificationKind) => `notification.${kind}`;

const perLocale = (build: (locale: MailLocale) => string) =>
  Object.fromEntries(MAIL_LOCALES.map((locale) => [locale, build(locale)])) as Record<MailLocale, string>;

/**
 * Every notification email is the same frame around its phrase: greeting, one line, one link, and a
 * footer with the settings link and, when the category can be turned off, the unsubscribe link
 * (`unsubscribeUrl` is '' for money and security mail, which hides it).
 */
export function notificationTemplate(kind: NotificationKind): MailTemplate {
  const phrase = (locale: MailLocale) => PHRASES[kind][locale];
  return {
    name: templateName(kind),
    subject: perLocale((l) => phrase(l).subject),
    text: perLocale(
      (l) =>
        `${CHROME[l].greeting}\n\n${phrase(l).line}\n\n${phrase(l).action}: {{link}}\n\n-- \n` +
        `${CHROME[l].footer}\n{{#if unsubscribeUrl}}${CHROME[l].unsubscribe}\n{{/if}}`,
    ),
    html: perLocale(
      (l) =>
        `<p>${CHROME[l].greeting}</p>\n<p>${phrase(l).line}</p>\n` +
        `<p><a href="{{link}}" style="display:inline-block;padding:10px 16px;background:#18181b;color:#ffffff;text-decoration:none;border-radius:6px;">${phrase(l).action}</a></p>\n` +
        `<p style="font-size:12px;color:#71717a;">${CHROME[l].footer.replace('{{settingsLink}}', '<a href="{{settingsLink}}">{{settingsLink}}</a>')}` +
        `{{#if unsubscribeUrl}}<br>${CHROME[l].unsubscribe.replace('{{unsubscribeUrl}}', '<a href="{{unsubscribeUrl}}">{{unsubscribeUrl}}</a>')}{{/if}}</p>`,
    ),
  };
}

export const NOTIFICATION_TEMPLATES: MailTemplate[] = NOTIFICATION_KINDS.map(notificationTemplate);
