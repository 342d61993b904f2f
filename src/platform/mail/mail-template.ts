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
  /**
   * Extra header lines, among MAIL_EXTRA_HEADERS only (the mail path writes From, To, Subject and
   * Message-ID itself): a notification's RFC 8058 one-click unsubscribe.
   */
  headers?: Partial<Record<MailExtraHeader, string>>;
  /** Others the message names (a notification's other party): their erasure erases it too. */
  aboutUserIds?: string[];
}

/** The headers a context may add to its mail: nothing that could change who it goes to or from. */
export const MAIL_EXTRA_HEADERS = ['List-Unsubscribe', 'List-Unsubscribe-Post'] as const;
export type MailExtraHeader = (typeof MAIL_EXTRA_HEADERS)[number];

/** Only known header names, values on one line (a CR or LF would start a header of its own). */
export function extraHeadersProblem(headers: Partial<Record<string, string>> | undefined): string | null {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!(MAIL_EXTRA_HEADERS as readonly string[]).includes(name)) return `header ${name} is not allowed`;
    if (value === undefined || /[\r\n]/.test(value) || value.length > 2000)
      return `header ${name} must be one short line`;
  }
  return null;
}
