import { Injectable } from '@nestjs/common';
import Handlebars from 'handlebars';
import type { MailLocale, MailTemplate } from './mail-template';
import { MAIL_LOCALES, toMailLocale } from './mail-template';
import { MailTemplates } from './mail-templates';

export interface RenderedMail {
  /** The locale actually used: the one asked for when the template has it, English otherwise. */
  locale: MailLocale;
  subject: string;
  text: string;
  html: string;
}

type Data = Record<string, unknown>;

interface CompiledMail {
  subject: Handlebars.TemplateDelegate<Data>;
  text: Handlebars.TemplateDelegate<Data>;
  html: Handlebars.TemplateDelegate<Data>;
}

/** A template that is not registered: a deployment or programming error, never retried into success. */
export class UnknownMailTemplateError extends Error {
  constructor(name: string) {
    super(`Mail template ${name} is not registered`);
  }
}

// One frame around every HTML body: the same look for every context's mail, and `lang` for screen
// readers. Inline styles only: mail clients drop <style> and external sheets.
const LAYOUT = `<!doctype html>
<html lang="{{locale}}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<div style="max-width:560px;margin:0 auto;padding:24px;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#18181b;background:#ffffff;">
{{{body}}}
<p style="margin-top:32px;font-size:12px;color:#71717a;">OneSociety</p>
</div>
</body>
</html>`;

/**
 * Renders a registered template with Handlebars. Each template and locale is compiled once and
 * kept. HTML escapes every `{{value}}` (data carries names and messages people typed); the text
 * part and the subject are not HTML, so they are compiled with `noEscape`. Strict mode: a template
 * naming data its sender did not give fails loudly instead of mailing an empty link.
 */
@Injectable()
export class MailRenderer {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, CompiledMail>();
  private readonly layout = this.handlebars.compile<Data>(LAYOUT, { strict: true });

  constructor(private readonly templates: MailTemplates) {}

  /** Whether a context of this process registered the template. */
  knows(name: string): boolean {
    return this.templates.get(name) !== undefined;
  }

  render(name: string, locale: string, data: Data): RenderedMail {
    const template = this.templates.get(name);
    if (!template) throw new UnknownMailTemplateError(name);
    const used = localeOf(template, locale);
    const mail = this.compile(template, used);
    const subject = mail.subject(data).replace(/\s+/g, ' ').trim();
    const body = mail.html(data);
    return {
      locale: used,
      subject,
      text: mail.text(data),
      html: this.layout({ locale: used, subject, body }),
    };
  }

  private compile(template: MailTemplate, locale: MailLocale): CompiledMail {
    const key = `${template.name}\u0000${locale}`;
    let mail = this.compiled.get(key);
    if (!mail) {
      const plain = { noEscape: true, strict: true };
      mail = {
        subject: this.handlebars.compile<Data>(template.subject[locale], plain),
        text: this.handlebars.compile<Data>(template.text[locale], plain),
        html: this.handlebars.compile<Data>(template.html[locale], { strict: true }),
      };
      this.compiled.set(key, mail);
    }
    return mail;
  }
}

/** The asked locale when the template is written in it (every part), English otherwise. */
function localeOf(template: MailTemplate, asked: string): MailLocale {
  const locale = toMailLocale(asked);
  const complete = (l: MailLocale) =>
    typeof template.subject[l] === 'string' &&
    typeof template.text[l] === 'string' &&
    typeof template.html[l] === 'string';
  if (complete(locale)) return locale;
  if (complete('en')) return 'en';
  const any = MAIL_LOCALES.find(complete);
  if (!any) throw new Error(`Mail template ${template.name} has no complete locale`);
  return any;
}
