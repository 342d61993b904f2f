import Handlebars from 'handlebars';
import { MAIL_LOCALES } from '../../../../platform/mail/mail-template';
import { dataExportReadyMail } from './data-export-ready.mail';

describe('identity.data-export-ready mail', () => {
  const data = {
    displayName: 'Ada <3',
    link: 'http://localhost:3000/account/data-exports/0b7f7a3e-5c1d-4c8e-9a52-000000000001',
    expiresOn: '2026-12-11',
  };

  it.each(MAIL_LOCALES)('renders in %s with every variable filled', (locale) => {
    const render = (source: string, noEscape = false) =>
      Handlebars.compile(source, { strict: true, noEscape })(data);
    expect(render(dataExportReadyMail.subject[locale], true)).not.toBe('');
    const text = render(dataExportReadyMail.text[locale], true);
    const html = render(dataExportReadyMail.html[locale]);
    for (const body of [text, html]) {
      expect(body).toContain(data.link);
      expect(body).toContain(data.expiresOn);
    }
    expect(text).toContain('Ada <3');
    expect(html).toContain('Ada &lt;3');
  });
});
