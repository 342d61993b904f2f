/** The languages every email template is written in; a user's `locale` picks one, English otherwise. */
export const MAIL_LOCALES = ['en', 'fr'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export const toMailLocale = (locale: string | null | undefined): MailLocale =>
  (MAIL_LOCALES as readonly string[]).includes(locale ?? '') ? (locale as MailLocale) : 'en';

/**
 * One email, in every locale, as Handlebars sources (`{{name}}` is HTML-escaped in `html`).
 * The owning context registers it with MailTemplates at module init, under a name prefixed by
 * the context: `identity.verify-email`.
 */
export interface MailTemplate {
  name: string;
  subject: Record<MailLocale, string>;
  text: Record<MailLocale, string>;
  html: Record<MailLocale, string>;
}

/** What a context asks to be sent. `data` fills the template; links in it carry their tokens. */
export interface MailRequest {
  /** The person it is about, so their mail can be erased with their account. */
  userId: string | null;
  to: string;
  locale: MailLocale;
  template: string;
  data: Record<string, string | number | boolean | null>;
}
