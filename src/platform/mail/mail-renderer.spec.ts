import type { MailTemplate } from './mail-template';
import { MailRenderer, UnknownMailTemplateError } from './mail-renderer';
import { MailTemplates } from './mail-templates';

const greeting: MailTemplate = {
  name: 'test.greeting',
  subject: { en: 'Hello {{name}}', fr: 'Bonjour {{name}}' },
  text: { en: 'Hi {{name}}, open {{link}}', fr: 'Salut {{name}}, ouvrez {{link}}' },
  html: { en: '<p>Hi {{name}}, <a href="{{link}}">open</a></p>', fr: '<p>Salut {{name}}</p>' },
};

function renderer(...templates: MailTemplate[]) {
  const registry = new MailTemplates();
  for (const t of templates) registry.register(t);
  return new MailRenderer(registry);
}

describe('MailRenderer', () => {
  const data = { name: '<b>Ann</b> & "Bo"', link: 'https://app.example/verify?token=a&b=c' };

  it('escapes data in the HTML part and leaves the text part and subject as written', () => {
    const mail = renderer(greeting).render('test.greeting', 'en', data);
    expect(mail.html).toContain('<p>Hi &lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Bo&quot;, ');
    expect(mail.html).toContain('href="https://app.example/verify?token&#x3D;a&amp;b&#x3D;c"');
    expect(mail.html).not.toContain('<b>Ann</b>');
    expect(mail.text).toBe('Hi <b>Ann</b> & "Bo", open https://app.example/verify?token=a&b=c');
    expect(mail.subject).toBe('Hello <b>Ann</b> & "Bo"');
  });

  it('wraps the HTML body in the shared layout, in the message language, its title escaped', () => {
    const mail = renderer(greeting).render('test.greeting', 'fr', data);
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(mail.html).toContain('<title>Bonjour &lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Bo&quot;</title>');
    expect(mail.html).toContain('<p>Salut &lt;b&gt;Ann&lt;/b&gt;');
  });

  it('renders the asked locale, and English for a locale no template is written in', () => {
    const r = renderer(greeting);
    expect(r.render('test.greeting', 'fr', data)).toMatchObject({
      locale: 'fr',
      subject: 'Bonjour <b>Ann</b> & "Bo"',
    });
    expect(r.render('test.greeting', 'de', data)).toMatchObject({
      locale: 'en',
      subject: 'Hello <b>Ann</b> & "Bo"',
    });
    expect(r.render('test.greeting', '', data).locale).toBe('en');
  });

  it('falls back to English when a template lacks part of the asked locale', () => {
    const partial = {
      ...greeting,
      name: 'test.partial',
      html: { en: '<p>{{name}}</p>' },
    } as unknown as MailTemplate;
    expect(renderer(partial).render('test.partial', 'fr', data)).toMatchObject({
      locale: 'en',
      text: expect.stringMatching(/^Hi /),
    });
  });

  it('fails loudly on an unknown template and on data the template needs but was not given', () => {
    const r = renderer(greeting);
    expect(() => r.render('test.missing', 'en', data)).toThrow(UnknownMailTemplateError);
    expect(() => r.render('test.greeting', 'en', { name: 'Ann' })).toThrow(/link/);
  });

  it('compiles each template and locale once', () => {
    const r = renderer(greeting);
    const handlebars = (r as unknown as { handlebars: { compile: (...args: unknown[]) => unknown } })
      .handlebars;
    const compile = handlebars.compile.bind(handlebars);
    let compiled = 0;
    handlebars.compile = (...args: unknown[]) => {
      compiled++;
      return compile(...args);
    };
    r.render('test.greeting', 'en', data);
    expect(compiled).toBe(3); // subject, text, html
    expect(r.render('test.greeting', 'en', { ...data, name: 'Cy' }).text).toBe(
      'Hi Cy, open https://app.example/verify?token=a&b=c',
    );
    expect(compiled).toBe(3);
    r.render('test.greeting', 'fr', data);
    r.render('test.greeting', 'fr', data);
    expect(compiled).toBe(6);
  });
});
