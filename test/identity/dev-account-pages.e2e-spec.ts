import { EventRelay } from '../../src/platform/events/event-relay';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A newcomer on a fresh `npm start`: no SMTP server, so the verification email lands in the
 * development mailbox, whose link opens the API's stand-in for the web app's page.
 */
describe('identity: development pages behind the mailbox links', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', PUBLIC_WEB_URL: 'http://localhost:3000' });
  });
  afterAll(() => t.close());

  it('follows the mailbox link to a page that changes nothing until its button posts the token', async () => {
    const user = await signUp(t.http);
    await t.app.get(EventRelay).drain();
    const mailbox = await t.http.get('/api/v1/dev/mailbox').query({ to: user.email });
    expect(mailbox.status).toBe(200);
    const link = (mailbox.body.items[0].links as string[]).find((l) => l.includes('/verify-email?token='));
    expect(link).toBeDefined();
    const url = new URL(link!);
    const token = url.searchParams.get('token')!;

    const page = await t.http.get(`${url.pathname}${url.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain(`const token = '${token}'`);
    expect(page.text).toContain("fetch('/api/v1/auth/email-verification'");
    const [before] = await t.db.query('SELECT email_verified_at FROM identity.users WHERE id = $1', [
      user.id,
    ]);
    expect(before.email_verified_at).toBeNull(); // opening the page spent nothing

    // What the page's button sends.
    const verified = await t.http.post('/api/v1/auth/email-verification').send({ token });
    expect(verified.status).toBe(200);
    expect(verified.body.emailVerified).toBe(true);
  });

  it('splices nothing but a well-formed token into the page', async () => {
    const hostile = `'</script><script>alert(1)</script>`;
    const page = await t.http.get('/reset-password').query({ token: hostile });
    expect(page.status).toBe(200);
    expect(page.text).toContain('This link is malformed');
    expect(page.text).not.toContain('alert(1)');
    expect(page.text).not.toContain('<script>');
  });

  it('does not exist where the mailbox is off', async () => {
    const off = await createTestApp({ DEV_MAILBOX_ENABLED: 'false' });
    try {
      const res = await off.http.get('/verify-email').query({ token: 'a'.repeat(43) });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('MAIL.MAILBOX_DISABLED');
    } finally {
      await off.close();
    }
  });
});
