import Handlebars from 'handlebars';
import type { MailLocale } from '../../../../platform/mail/mail-template';
import type { NotificationKind } from '../../domain/notification-kinds';
import { PHRASES } from './notification-phrases';

type Data = Record<string, unknown>;

/**
 * The title and line of an in-app notification: the email's subject and line, in the same words.
 * Not HTML-escaped: the feed is JSON, and whoever renders it escapes for its own medium.
 */
export class InAppTexts {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate<Data>>();

  render(kind: NotificationKind, locale: MailLocale, data: Data): { title: string; body: string } {
    const phrase = PHRASES[kind][locale];
    return {
      title: this.compile(phrase.subject)(data).replace(/\s+/g, ' ').trim(),
      body: this.compile(phrase.line)(data).trim(),
    };
  }

  private compile(source: string): Handlebars.TemplateDelegate<Data> {
    let template = this.compiled.get(source);
    if (!template) {
      template = this.handlebars.compile<Data>(source, { noEscape: true, strict: true });
      this.compiled.set(source, template);
    }
    return template;
  }
}
