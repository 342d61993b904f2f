import type { Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import { EventRelay } from '../../src/platform/events/event-relay';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import { MailTemplates } from '../../src/platform/mail/mail-templates';
import { mailAddress, mailLink, requestWelcome, WELCOME } from '../support/mail.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import { createTestApp, TEST_ENV, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

describe('platform: mail delivered by the timers alone', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    // The relay's and the dispatcher's own timers, as in production: nobody drains.
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_DISPATCH_INTERVAL_MS: '200' });
    t.app.get(MailTemplates).register(WELCOME);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('arrives after the commit without anyone draining, and the row is scrubbed', async () => {
    const to = mailAddress();
    const eventId = await requestWelcome(t, { to, link: mailLink() });
    const mail = await smtp.waitFor((m) => m.to === to);
    expect(mail.subject).toBe('Welcome, Ada');
    await eventually(async () => {
      const [row] = await t.db.query('SELECT status, recipient FROM mail.messages WHERE event_id = $1', [
        eventId,
      ]);
      return row?.status === 'sent' && row.recipient === null;
    });
    expect(smtp.messages.filter((m) => m.to === to)).toHaveLength(1);
  });
});

describe('platform: two instances sending from one queue', () => {
  let t: TestApp;
  let other: NestFastifyApplication;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    const env = { SMTP_URL: smtp.url, MAIL_DISPATCH_INTERVAL_MS: '0', EVENTS_RELAY_INTERVAL_MS: '0' };
    t = await createTestApp(env);
    t.app.get(MailTemplates).register(WELCOME);
    other = await createApp(loadConfig({ ...TEST_ENV, ...env }), t.database.url);
    await other.init();
  });
  afterAll(async () => {
    await other.close();
    await t.close();
    await smtp.stop();
  });

  it('sends each message once while both drain together', async () => {
    const recipients = Array.from({ length: 25 }, () => mailAddress());
    for (const to of recipients) await requestWelcome(t, { to, link: mailLink() });
    await t.app.get(EventRelay).drain();
    const sent = await Promise.all([t.app.get(MailDispatcher).drain(), other.get(MailDispatcher).drain()]);
    expect(sent[0] + sent[1]).toBeLessThanOrEqual(25); // the intake's own wake may have sent some
    const mails = smtp.messages.filter((m) => recipients.includes(m.to));
    expect(mails.map((m) => m.to).sort()).toEqual([...recipients].sort());
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(25);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM mail.messages WHERE status = 'sent' AND attempts = 1`,
    );
    expect(n).toBe(25);
  });
});

describe('platform: mail to an SMTP server that never answers', () => {
  let t: TestApp;
  let server: Server;
  const sockets = new Set<Socket>();
  let hang = true;
  beforeAll(async () => {
    // Accepts connections and says nothing: the sender waits for a greeting that never comes.
    server = createServer((socket) => {
      if (!hang) return socket.destroy();
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_DISPATCH_INTERVAL_MS: '200' });
    t.app.get(MailTemplates).register(WELCOME);
  });
  let closed = false;
  afterAll(async () => {
    hang = false;
    for (const socket of sockets) socket.destroy();
    if (closed) await t.database.drop();
    else await t.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps requests and new mail requests quick while a send hangs, and retries after the failure', async () => {
    const eventId = await requestWelcome(t, { to: mailAddress(), link: mailLink() });
    await eventually(() => sockets.size > 0); // the dispatcher is mid-send, waiting on the server
    const started = Date.now();
    expect((await t.http.get('/health/live')).status).toBe(200);
    expect(await requestWelcome(t, { to: mailAddress(), link: mailLink() })).toEqual(expect.any(String));
    expect(Date.now() - started).toBeLessThan(5000); // far below the 10 s greeting timeout a wait on SMTP would take
    const [row] = await t.db.query('SELECT status, attempts FROM mail.messages WHERE event_id = $1', [
      eventId,
    ]);
    expect(row).toEqual({ status: 'sending', attempts: 1 });
    // The server drops the connection: the attempt fails and the message waits for its retry.
    hang = false;
    for (const socket of sockets) socket.destroy();
    await eventually(async () => {
      const [after] = await t.db.query('SELECT status, last_error FROM mail.messages WHERE event_id = $1', [
        eventId,
      ]);
      return after.status === 'pending' && after.last_error !== null;
    });
  });

  it('shuts down within seconds while a send hangs, instead of waiting out the SMTP timeouts', async () => {
    hang = true;
    await requestWelcome(t, { to: mailAddress(), link: mailLink() });
    await eventually(() => sockets.size > 0);
    const started = Date.now();
    closed = true;
    await t.app.close();
    expect(Date.now() - started).toBeLessThan(9000); // the greeting timeout alone is 10 s
  });
});
