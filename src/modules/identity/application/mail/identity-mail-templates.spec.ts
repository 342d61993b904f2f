import Handlebars from 'handlebars';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import { IDENTITY_MAIL_TEMPLATES } from './identity-mail-templates';

const SAMPLE: Record<string, string> = {
  displayName: 'Zoé <b>',
  link: 'https://app.example/verify-email?token=abc_DEF-123',
  newEmail: 'new@example.com',
};

// As the platform's renderer does: HTML escapes values, subject and text are not HTML.
const render = (source: string, data: Record<string, string>, html = true) =>
  Handlebars.compile(source, { strict: true, noEscape: !html })(data);

describe('identity mail templates', () => {
  const entries = Object.entries(IDENTITY_MAIL_TEMPLATES);

  it('are named as their keys, in the identity namespace', () => {
    expect(entries).toHaveLength(6);
    for (const [name, { template }] of entries) {
      expect(template.name).toBe(name);
      expect(name.startsWith('identity.')).toBe(true);
    }
  });

  describe.each(entries)('%s', (_, { template, data }) => {
    const filled = Object.fromEntries(data.map((key) => [key, SAMPLE[key]]));

    it.each(MAIL_LOCALES)('renders subject, text and html in %s with every variable filled', (locale) => {
      const subject = render(template.subject[locale], filled, false);
      const text = render(template.text[locale], filled, false);
      const html = render(template.html[locale], filled);
      expect(subject.length).toBeGreaterThan(5);
      expect(subject).not.toMatch(/[{}]/);
      for (const key of data) {
        expect(text).toContain(SAMPLE[key]);
        expect(html).toContain(Handlebars.escapeExpression(SAMPLE[key]));
      }
      expect(html).not.toContain('<b>');
      expect(text + html).not.toMatch(/\{\{|\}\}/);
    });

    it.each(MAIL_LOCALES)(
      'refuses to render in %s without its greeting (strict mode: no silent blanks)',
      (locale) => {
        const partial = Object.fromEntries(data.slice(1).map((key) => [key, SAMPLE[key]]));
        expect(() => render(template.text[locale], partial, false)).toThrow();
        expect(() => render(template.html[locale], partial)).toThrow();
      },
    );

    it('differs between the locales', () => {
      expect(template.subject.fr).not.toBe(template.subject.en);
      expect(template.text.fr).not.toBe(template.text.en);
    });
  });
});
