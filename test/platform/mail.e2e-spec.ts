import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import { MailErasure } from '../../src/platform/mail/mail-erasure';
import { MailRequests } from '../../src/platform/mail/mail-requests';
import { MailTemplates } from '../../src/platform/mail/mail-templates';
import { mailAddress as address, mailLink as link, requestWelcome, WELCOME } from '../support/mail.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import { createTestApp, type TestApp } from '../support/test-app';

describe('platform: mail over SMTP', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let dispatcher: MailDispatcher;
  const deliver = async () => {
    await t.app.get(EventRelay).drain();
    return dispatcher.drain();
  };
  const messageRow = async (eventId: string) =>
    (await t.db.query('SELECT * FROM mail.messages WHERE event_id = $1', [eventId]))[0];
  const sentTo = (to: string) => smtp.messages.filter((m) => m.to === to);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({
      SMTP_URL: smtp.url,
      MAIL_DISPATCH_INTERVAL_MS: '0',
      EVENTS_RELAY_INTERVAL_MS: '0',
      METRICS_ENABLED: 'true',
    });
    t.app.get(MailTemplates).register(WELCOME);
    dispatcher = t.app.get(MailDispatcher);
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('sends one message with the rendered parts, From = MAIL_FROM, a Message-ID naming the event', async () => {
    const to = address();
    const url = link();
    const eventId = (await requestWelcome(t, { to, link: url, name: '<Ada & Bo>' })) as string;
    await deliver();
    const mail = await smtp.waitFor((m) => m.to === to);
    expect(mail).toMatchObject({
      from: 'OneSociety <no-reply@onesociety.local>',
      subject: 'Welcome, <Ada & Bo>',
      text: `Hello <Ada & Bo>, confirm: ${url}`,
      messageId: `<${eventId}@onesociety.local>`,
    });
    expect(mail.html).toContain(
      `<p>Hello &lt;Ada &amp; Bo&gt;, <a href="${url.replace('=', '&#x3D;')}">confirm</a></p>`,
    );
    expect(mail.html).toMatch(/<html lang="en">/);
    expect(sentTo(to)).toHaveLength(1);
  });

  it('renders the French template for a French reader', async () => {
    const to = address();
    const url = link();
    await requestWelcome(t, { to, link: url, locale: 'fr' });
    await deliver();
    const mail = await smtp.waitFor((m) => m.to === to);
    expect(mail.subject).toBe('Bienvenue, Ada');
    expect(mail.text).toBe(`Bonjour Ada, confirmez : ${url}`);
    expect(mail.html).toMatch(/<html lang="fr">[\s\S]*<p>Bonjour Ada, <a href="[^"]+">confirmer<\/a><\/p>/);
  });

  it('keeps neither the address nor the link in the outbox, nor in the message row once sent', async () => {
    const to = address();
    const url = link();
    const eventId = (await requestWelcome(t, { to, link: url })) as string;
    const [event] = await t.db.query(
      'SELECT payload::text AS payload FROM identity.outbox_events WHERE id = $1',
      [eventId],
    );
    expect(event.payload).not.toContain(to);
    expect(event.payload).not.toContain(url.split('token=')[1]);
    expect(JSON.parse(event.payload)).toMatchObject({ template: WELCOME.name, locale: 'en', userId: null });
    await deliver();
    await smtp.waitFor((m) => m.to === to);
    const row = await messageRow(eventId);
    expect(row).toMatchObject({
      status: 'sent',
      recipient: null,
      text_body: null,
      html_body: null,
      subject: 'Welcome, Ada',
      template: WELCOME.name,
      attempts: 1,
      last_error: null,
    });
    expect(row.sent_at).toBeInstanceOf(Date);
  });

  it('sends nothing for a transaction that rolled back', async () => {
    const to = address();
    const before = await t.db.query('SELECT count(*)::int AS n FROM mail.messages');
    expect(await requestWelcome(t, { to, link: link() }, false)).toBeNull();
    await deliver();
    expect(await t.db.query('SELECT count(*)::int AS n FROM mail.messages')).toEqual(before);
    expect(sentTo(to)).toEqual([]);
  });

  it('makes one message of an event however often it is delivered', async () => {
    const to = address();
    const eventId = (await requestWelcome(t, { to, link: link() })) as string;
    await deliver();
    // Redelivery with the inbox row gone (pruned, or the event replayed): the unique event_id holds.
    await t.db.query('DELETE FROM mail.inbox_events WHERE event_id = $1', [eventId]);
    await t.db.query('UPDATE identity.outbox_events SET published_at = NULL WHERE id = $1', [eventId]);
    await deliver();
    const [{ inbox }] = await t.db.query(
      'SELECT count(*)::int AS inbox FROM mail.inbox_events WHERE event_id = $1',
      [eventId],
    );
    expect(inbox).toBe(1);
    expect(await t.db.query('SELECT status FROM mail.messages WHERE event_id = $1', [eventId])).toEqual([
      { status: 'sent' },
    ]);
    expect(sentTo(to)).toHaveLength(1);
  });

  it('retries temporary SMTP failures with a growing back-off, then sends exactly once', async () => {
    const to = address();
    const eventId = (await requestWelcome(t, { to, link: link() })) as string;
    smtp.failNext(2, 451);
    await t.app.get(EventRelay).drain();
    await dispatcher.drain();
    let row = await messageRow(eventId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, recipient: to });
    expect(row.last_error).toMatch(/451/);
    expect(row.last_error).not.toContain(to);
    const wait = async () =>
      Number(
        (
          await t.db.query(
            'SELECT extract(epoch FROM next_attempt_at - now()) AS s FROM mail.messages WHERE id = $1',
            [row.id],
          )
        )[0].s,
      );
    expect(await wait()).toBeGreaterThan(1); // 2 s ± 25 %
    expect(await dispatcher.drain()).toBe(0); // not due yet: nothing is tried
    expect(smtp.refused).toBe(1);
    // Time passes (the back-off is due) rather than the test sleeping through it.
    await t.db.query('UPDATE mail.messages SET next_attempt_at = now() WHERE id = $1', [row.id]);
    await dispatcher.drain();
    row = await messageRow(eventId);
    expect(row).toMatchObject({ status: 'pending', attempts: 2 });
    expect(await wait()).toBeGreaterThan(2.5); // 4 s ± 25 %
    await t.db.query('UPDATE mail.messages SET next_attempt_at = now() WHERE id = $1', [row.id]);
    expect(await dispatcher.drain()).toBe(1);
    expect(await messageRow(eventId)).toMatchObject({ status: 'sent', attempts: 3, recipient: null });
    expect(sentTo(to)).toHaveLength(1);
    expect(smtp.refused).toBe(2);
  });

  it('gives up at once on a permanent (5xx) refusal, keeping no address', async () => {
    const to = address();
    const eventId = (await requestWelcome(t, { to, link: link() })) as string;
    smtp.failNext(1, 550);
    await deliver();
    const row = await messageRow(eventId);
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 1,
      recipient: null,
      text_body: null,
      html_body: null,
    });
    expect(row.last_error).toMatch(/550/);
    expect(await dispatcher.drain()).toBe(0);
    expect(sentTo(to)).toEqual([]);
  });

  it('rides out an SMTP outage: requests and the relay go on, the mail arrives once after recovery', async () => {
    await smtp.stop();
    try {
      const to = address();
      const eventId = (await requestWelcome(t, { to, link: link() })) as string;
      await t.app.get(EventRelay).drain(); // the intake does not wait on SMTP
      const [event] = await t.db.query('SELECT published_at FROM identity.outbox_events WHERE id = $1', [
        eventId,
      ]);
      expect(event.published_at).toBeInstanceOf(Date);
      // A request answered while the pass meets the outage (no wall-clock bound: CI machines vary).
      const pass = dispatcher.runOnce();
      const live = await t.http.get('/health/live');
      expect(live.status).toBe(200);
      // This pass, or the one the intake's wake started just before it, met the outage.
      expect((await pass).sent).toBe(0);
      const row = await messageRow(eventId);
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toMatch(/ECONNREFUSED|ECONNECTION|ESOCKET/);
      // What an operator's alert sees meanwhile.
      const metrics = (await t.http.get('/metrics')).text;
      expect(metrics).toMatch(/^mail_queue_messages\{status="pending"\} [1-9]/m);
      expect(Number(/^mail_oldest_unsent_seconds (\S+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
      await smtp.restart();
      await t.db.query('UPDATE mail.messages SET next_attempt_at = now() WHERE id = $1', [row.id]);
      expect(await dispatcher.drain()).toBe(1);
      expect(sentTo(to)).toHaveLength(1);
      expect(await messageRow(eventId)).toMatchObject({ status: 'sent', attempts: 2 });
    } finally {
      await smtp.restart();
    }
  });

  it('takes a crashed sender’s lease back once it expires, never while it holds', async () => {
    const to = address();
    const eventId = randomUUID();
    // What another instance leaves when it dies mid-send: the message claimed, its lease running.
    await t.db.query(
      `INSERT INTO mail.messages (id, event_id, template, locale, recipient, subject, text_body, html_body,
         message_id, status, attempts, next_attempt_at)
       VALUES ($1, $2, $3, 'en', $4, 'Welcome, Ada', 'Hello', '<p>Hello</p>', $5, 'sending', 1,
         now() + interval '3 minutes')`,
      [randomUUID(), eventId, WELCOME.name, to, `<${eventId}@onesociety.local>`],
    );
    expect(await dispatcher.drain()).toBe(0);
    expect(await messageRow(eventId)).toMatchObject({ status: 'sending', attempts: 1 });
    await t.db.query(`UPDATE mail.messages SET next_attempt_at = now() WHERE event_id = $1`, [eventId]);
    expect(await dispatcher.drain()).toBe(1);
    expect(await messageRow(eventId)).toMatchObject({ status: 'sent', attempts: 2, recipient: null });
    expect(sentTo(to)).toHaveLength(1);
    expect(sentTo(to)[0].messageId).toBe(`<${eventId}@onesociety.local>`);
  });

  it('keeps an event for an unknown template in its outbox with the error, and sends nothing', async () => {
    const id = await t.db.transaction(async (manager) => {
      await t.app.get(MailRequests).request(manager, 'identity', {
        userId: null,
        to: address(),
        locale: 'en',
        template: 'test.not-registered',
        data: {},
      });
      const [row] = await manager.query(
        `SELECT id FROM identity.outbox_events WHERE type = 'platform.MailRequested' ORDER BY occurred_at DESC LIMIT 1`,
      );
      return row.id as string;
    });
    try {
      await t.app.get(EventRelay).runOnce();
      const [event] = await t.db.query(
        'SELECT published_at, attempts, last_error FROM identity.outbox_events WHERE id = $1',
        [id],
      );
      expect(event).toMatchObject({ published_at: null, attempts: 1 });
      expect(event.last_error).toMatch(/test\.not-registered is not registered/);
      expect(await t.db.query('SELECT id FROM mail.messages WHERE event_id = $1', [id])).toEqual([]);
    } finally {
      await t.db.query('DELETE FROM identity.outbox_events WHERE id = $1', [id]);
    }
  });

  it('erases every message about a user, and only theirs', async () => {
    const [ann, bo] = [randomUUID(), randomUUID()];
    await requestWelcome(t, { to: address(), link: link(), userId: ann });
    await requestWelcome(t, { to: address(), link: link(), userId: ann });
    await requestWelcome(t, { to: address(), link: link(), userId: bo });
    await deliver();
    const count = async (userId: string) =>
      (await t.db.query('SELECT count(*)::int AS n FROM mail.messages WHERE user_id = $1', [userId]))[0].n;
    expect([await count(ann), await count(bo)]).toEqual([2, 1]);
    const erased = await t.db.transaction((manager) => t.app.get(MailErasure).eraseFor(manager, ann));
    expect(erased).toBe(2);
    expect([await count(ann), await count(bo)]).toEqual([0, 1]);
  });
});
