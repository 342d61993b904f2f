import type { AddressInfo, Server, Socket } from 'node:net';
import { connect, createServer } from 'node:net';
import { EventRelay } from '../../src/platform/events/event-relay';
import { MAIL_LEASE_SECONDS, MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import { MailTemplates } from '../../src/platform/mail/mail-templates';
import { mailAddress, mailLink, requestWelcome, WELCOME } from '../support/mail.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import { createTestApp, type TestApp } from '../support/test-app';
import { eventually } from '../support/waiting';

/**
 * A sender whose lease ran out mid-send (another sender has claimed the message again since,
 * attempts + 1) must not complete the message when its own attempt finally ends: neither mark it
 * sent, nor put it back to pending, nor give it up and scrub it.
 */
describe('platform: mail completed only by the sender holding its lease', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let dispatcher: MailDispatcher;
  // A TCP gate in front of the real SMTP server: connections wait there (the sender is mid-send,
  // waiting for the greeting) until the test lets them through.
  let gateServer: Server;
  const held: Socket[] = [];
  const open = new Set<Socket>();
  let smtpUrl = '';

  const release = () => {
    for (const client of held.splice(0)) {
      const upstream = connect(smtp.port, '127.0.0.1');
      open.add(upstream);
      upstream.on('close', () => open.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    }
  };
  const messageRow = async (eventId: string) =>
    (await t.db.query('SELECT * FROM mail.messages WHERE event_id = $1', [eventId]))[0];

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    gateServer = createServer((client) => {
      open.add(client);
      client.on('close', () => open.delete(client));
      client.on('error', () => undefined);
      held.push(client);
    });
    await new Promise<void>((resolve) => gateServer.listen(0, '127.0.0.1', resolve));
    smtpUrl = `smtp://127.0.0.1:${(gateServer.address() as AddressInfo).port}`;
    t = await createTestApp({
      SMTP_URL: smtpUrl,
      MAIL_DISPATCH_INTERVAL_MS: '0',
      EVENTS_RELAY_INTERVAL_MS: '0',
    });
    t.app.get(MailTemplates).register(WELCOME);
    dispatcher = t.app.get(MailDispatcher);
  });
  afterAll(async () => {
    release();
    await t.close();
    for (const socket of open) socket.destroy();
    await new Promise((resolve) => gateServer.close(resolve));
    await smtp.stop();
  });

  /**
   * Queues a message, lets this instance's sender claim it and hold at the gate, then claims it
   * again in the database as a second sender's pass would once the lease ran out (attempts + 1, a
   * fresh lease). Returns the row as that second claim left it.
   */
  const claimedTwice = async (to: string) => {
    const eventId = (await requestWelcome(t, { to, link: mailLink() })) as string;
    await t.app.get(EventRelay).drain();
    const firstPass = dispatcher.runOnce();
    await eventually(() => held.length === 1); // sender A is mid-send, on attempt 1
    expect(await messageRow(eventId)).toMatchObject({ status: 'sending', attempts: 1, recipient: to });
    const [[reclaimed]] = await t.db.query(
      `UPDATE mail.messages SET attempts = attempts + 1,
         next_attempt_at = now() + make_interval(secs => $2), updated_at = now()
       WHERE event_id = $1 AND status = 'sending' AND attempts = 1 RETURNING *`,
      [eventId, MAIL_LEASE_SECONDS],
    );
    expect(reclaimed).toMatchObject({ status: 'sending', attempts: 2, recipient: to });
    return { eventId, firstPass, reclaimed };
  };

  it('a stale sender that got the message through does not mark the re-claimed row sent', async () => {
    const to = mailAddress();
    const { eventId, firstPass, reclaimed } = await claimedTwice(to);
    release();
    expect((await firstPass).sent).toBe(0); // sent on the wire, but not this sender's to complete
    expect(await dispatcher.drain()).toBe(0); // nothing else due: the row is leased to sender B
    expect((await smtp.waitFor((m) => m.to === to)).messageId).toBe(reclaimed.message_id);
    const row = await messageRow(eventId);
    expect(row).toEqual(reclaimed);
    expect(row).toMatchObject({ status: 'sending', attempts: 2, recipient: to, sent_at: null });
    expect(row.text_body).toEqual(expect.any(String));
  });

  it('a stale sender whose attempt failed does not put the re-claimed row back to pending', async () => {
    const to = mailAddress();
    const { eventId, firstPass, reclaimed } = await claimedTwice(to);
    smtp.failNext(1, 451);
    const refused = smtp.refused;
    release();
    expect((await firstPass).sent).toBe(0);
    expect(await dispatcher.drain()).toBe(0);
    expect(smtp.refused).toBe(refused + 1);
    const row = await messageRow(eventId);
    expect(row).toEqual(reclaimed); // B's lease intact: not due again, no error recorded
    expect(row).toMatchObject({ status: 'sending', attempts: 2, last_error: null });
    expect(smtp.messages.filter((m) => m.to === to)).toHaveLength(0);
  });

  it('a stale sender refused for good does not give up the re-claimed row nor scrub it', async () => {
    const to = mailAddress();
    const { eventId, firstPass, reclaimed } = await claimedTwice(to);
    smtp.failNext(1, 550);
    const refused = smtp.refused;
    release();
    expect((await firstPass).sent).toBe(0);
    expect(await dispatcher.drain()).toBe(0);
    expect(smtp.refused).toBe(refused + 1);
    const row = await messageRow(eventId);
    expect(row).toEqual(reclaimed);
    expect(row).toMatchObject({ status: 'sending', attempts: 2, recipient: to, last_error: null });
    expect(row.text_body).toEqual(expect.any(String));
  });

  it('the sender holding the lease still completes its message', async () => {
    const to = mailAddress();
    const eventId = (await requestWelcome(t, { to, link: mailLink() })) as string;
    await t.app.get(EventRelay).drain();
    const pass = dispatcher.runOnce();
    await eventually(() => held.length === 1);
    release();
    await pass; // (or the intake's own wake did the claiming: then this pass comes after it)
    await smtp.waitFor((m) => m.to === to);
    expect(await messageRow(eventId)).toMatchObject({
      status: 'sent',
      attempts: 1,
      recipient: null,
      text_body: null,
      sent_at: expect.any(Date),
    });
  });
});
