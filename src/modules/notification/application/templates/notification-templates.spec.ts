import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import { MailRenderer } from '../../../../platform/mail/mail-renderer';
import { MailTemplates } from '../../../../platform/mail/mail-templates';
import { NOTIFICATION_KINDS } from '../../domain/notification-kinds';
import { InAppTexts } from './in-app-texts';
import { NOTIFICATION_TEMPLATES, templateName } from './notification-templates';

// Values people typed carry markup: the HTML part must escape them, the text part keep them.
const SAMPLE = {
  displayName: 'Zoé <b>',
  otherName: 'Bob & "Co"',
  productTitle: 'Drill <script>alert(1)</script>',
  startDate: '2026-06-01',
  endDate: '2026-06-03',
  amount: '45.00 EUR',
  awarded: '30.00 EUR',
  rating: 4,
  several: false,
  count: 1,
  link: 'https://app.example/rentals/0b9c3f0e-6a7d-4a59-9a38-2a4f6d1e9d01',
  settingsLink: 'https://app.example/settings/notifications',
  unsubscribeUrl: 'https://api.example/api/v1/notifications/unsubscribe?token=abc',
};

describe('notification mail templates', () => {
  const templates = new MailTemplates();
  for (const template of NOTIFICATION_TEMPLATES) templates.register(template);
  const renderer = new MailRenderer(templates);
  const texts = new InAppTexts();

  it('exist for every kind, in the notification namespace', () => {
    expect(templates.names()).toEqual(NOTIFICATION_KINDS.map(templateName).sort());
  });

  describe.each(NOTIFICATION_KINDS)('%s', (kind) => {
    it.each(MAIL_LOCALES)('renders in %s (snapshot), escaping HTML', (locale) => {
      const mail = renderer.render(templateName(kind), locale, SAMPLE);
      expect(mail.locale).toBe(locale);
      expect(mail.html).not.toContain('<script>');
      expect(mail.html).not.toContain('Zoé <b>');
      expect(mail.html).toContain('Zoé &lt;b&gt;');
      expect(mail.text).toContain(SAMPLE.link);
      expect(mail.text).toContain(SAMPLE.unsubscribeUrl);
      expect(mail.text + mail.html).not.toMatch(/\{\{|\}\}/);
      expect({ subject: mail.subject, text: mail.text, html: mail.html }).toMatchSnapshot();
    });

    it('leaves the unsubscribe line out when there is no link (money and security mail)', () => {
      const mail = renderer.render(templateName(kind), 'en', { ...SAMPLE, unsubscribeUrl: '' });
      expect(mail.text).not.toContain('Stop these emails');
      expect(mail.html).not.toContain('Stop these emails');
    });

    it('gives the in-app title and line unescaped, as the subject and line', () => {
      const { title, body } = texts.render(kind, 'en', SAMPLE);
      expect(title).toBe(renderer.render(templateName(kind), 'en', SAMPLE).subject);
      expect(body.length).toBeGreaterThan(10);
    });
  });

  it('says how many messages a digest gathers', () => {
    const one = renderer.render(templateName('message.received'), 'fr', SAMPLE);
    const five = renderer.render(templateName('message.received'), 'en', {
      ...SAMPLE,
      several: true,
      count: 5,
    });
    expect(one.subject).toBe('Nouveau message de Bob & "Co"');
    expect(five.subject).toBe('5 new messages from Bob & "Co"');
  });
});
