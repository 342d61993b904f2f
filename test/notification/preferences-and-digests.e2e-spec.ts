import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { deliverAll, notificationsAbout, runNotificationJob } from '../support/notification.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('notification: preferences, one-click unsubscribe, digests and reminders', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let owner: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({
      SMTP_URL: smtp.url,
      EVENTS_RELAY_INTERVAL_MS: '0',
      MAIL_DISPATCH_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    product = await createProduct(t, owner, { title: 'Camping tent' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const newRenter = () => signUp(t.http, { fullName: 'Rita Renter' });
  const mailsTo = (user: SignedUpUser, subject: RegExp) =>
    smtp.messages.filter((m) => m.to === user.email && subject.test(m.subject));
  const preferencesOf = async (user: SignedUpUser) =>
    t.db.query(
      'SELECT category, email, in_app FROM notification.preferences WHERE user_id = $1 ORDER BY category',
      [user.id],
    );

  it('switches a category’s email off but keeps the in-app entry; money email cannot be turned off (422)', async () => {
    const renter = await newRenter();
    const off = await t.http
      .put('/api/v1/notifications/preferences')
      .set(renter.auth)
      .send({ preferences: [{ category: 'booking', email: false, inApp: true }] });
    expect(off.status).toBe(200);
    expect(off.body.preferences).toContainEqual({
      category: 'booking',
      email: false,
      inApp: true,
      emailMandatory: false,
    });
    expect(off.body.preferences).toContainEqual({
      category: 'money',
      email: true,
      inApp: true,
      emailMandatory: true,
    });

    const refused = await t.http
      .put('/api/v1/notifications/preferences')
      .set(renter.auth)
      .send({
        preferences: [
          { category: 'messages', email: false, inApp: true },
          { category: 'money', email: false, inApp: true },
        ],
      });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('NOTIFICATION.CATEGORY_MANDATORY');
    expect(refused.body.category).toBe('money');
    // All or nothing: messages stayed on.
    expect(await preferencesOf(renter)).toEqual([{ category: 'booking', email: false, in_app: true }]);
    const security = await t.http
      .put('/api/v1/notifications/preferences')
      .set(renter.auth)
      .send({ preferences: [{ category: 'security', email: false, inApp: false }] });
    expect(security.status).toBe(422);
    expect(security.body.category).toBe('security');

    const rental = await createRental(t, renter, product, { startDate: utcDay(15), endDate: utcDay(16) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'accepted');
    await deliverAll(t);
    expect(await notificationsAbout(t, rental.id)).toContain(`${renter.id} rental.accepted`);
    expect(mailsTo(renter, /was accepted/)).toHaveLength(0);
    const [row] = await t.db.query(
      `SELECT in_app, emailed FROM notification.notifications WHERE recipient_id = $1 AND kind = 'rental.accepted'`,
      [renter.id],
    );
    expect(row).toEqual({ in_app: true, emailed: false });
  });

  it('unsubscribes with the link of a received email’s List-Unsubscribe header (POST), refusing a tampered one', async () => {
    const renter = await newRenter();
    const rental = await createRental(t, renter, product, { startDate: utcDay(40), endDate: utcDay(41) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'accepted');
    await deliverAll(t);
    const [mail] = mailsTo(renter, /was accepted/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const url = new URL(/^<(.+)>$/.exec(mail.headers['list-unsubscribe'])![1]);
    expect(url.pathname).toBe('/api/v1/notifications/unsubscribe');
    expect(mail.text).toContain(url.toString());
    const path = `${url.pathname}${url.search}`;

    // A GET (a link scanner) changes nothing.
    const look = await t.http.get(path);
    expect(look.status).toBe(200);
    expect(look.body).toEqual({ category: 'booking', email: true });
    expect(await preferencesOf(renter)).toEqual([]);

    const token = url.searchParams.get('token')!;
    const forged = token.replace(renter.id, owner.id);
    const tampered = await t.http
      .post(`/api/v1/notifications/unsubscribe?token=${encodeURIComponent(forged)}`)
      .type('form')
      .send('List-Unsubscribe=One-Click');
    expect(tampered.status).toBe(400);
    expect(tampered.body.code).toBe('NOTIFICATION.INVALID_UNSUBSCRIBE_TOKEN');
    expect(await preferencesOf(owner)).toEqual([]);

    const done = await t.http.post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ category: 'booking', email: false });
    expect(await preferencesOf(renter)).toEqual([{ category: 'booking', email: false, in_app: true }]);
    const again = await t.http.post(path).type('form').send('List-Unsubscribe=One-Click');
    expect(again.status).toBe(200);
  });

  it('gathers five messages in a conversation into one email, sent once', async () => {
    const renter = await newRenter();
    const conversation = await openConversation(t, renter, { productId: product.id }, 'Hello');
    for (let i = 2; i <= 5; i++) await postText(t, renter, conversation.id, `Message ${i}`);
    await deliverAll(t);
    // Five in-app entries at once, no email yet: the digest waits NOTIFICATION_DIGEST_MINUTES.
    expect((await notificationsAbout(t, conversation.id)).filter((n) => n.startsWith(owner.id))).toHaveLength(
      5,
    );
    await runNotificationJob(t, 'notification.message-digest');
    await deliverAll(t);
    expect(mailsTo(owner, /new message/i)).toHaveLength(0);

    const later = new Date(Date.now() + 6 * 60_000);
    expect(await runNotificationJob(t, 'notification.message-digest', later)).toBe(true);
    await runNotificationJob(t, 'notification.message-digest', later);
    await deliverAll(t);
    const mails = mailsTo(owner, /new messages from Rita/);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('5 new messages from Rita');
    expect(mails[0].text).toContain(`/conversations/${conversation.id}`);
    const digests = await t.db.query(
      'SELECT message_count, sent_at IS NOT NULL AS sent FROM notification.message_digests WHERE conversation_id = $1',
      [conversation.id],
    );
    expect(digests).toEqual([{ message_count: 5, sent: true }]);
  });

  it('reminds both sides of a rental starting tomorrow once, however often and however parallel the job runs', async () => {
    const renter = await newRenter();
    const rental = await createRental(t, renter, product, { startDate: utcDay(1), endDate: utcDay(2) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'accepted');
    await deliverAll(t);
    const runs = await Promise.all([
      runNotificationJob(t, 'notification.reminders'),
      runNotificationJob(t, 'notification.reminders'),
      runNotificationJob(t, 'notification.reminders'),
    ]);
    expect(runs.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    await runNotificationJob(t, 'notification.reminders');
    await deliverAll(t);
    const reminded = (await notificationsAbout(t, rental.id)).filter((n) =>
      n.endsWith('reminder.rental-starting'),
    );
    expect(reminded).toEqual(
      [`${owner.id} reminder.rental-starting`, `${renter.id} reminder.rental-starting`].sort(),
    );
    expect(mailsTo(renter, /starts$/)).toHaveLength(1);
    expect(mailsTo(owner, /^Tomorrow: the rental of Camping tent starts$/)).toHaveLength(1);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification.reminders WHERE rental_id = $1`,
      [rental.id],
    );
    expect(n).toBe(2);
  });

  it('reminds the owner of a request about to expire, once', async () => {
    const renter = await newRenter();
    const rental = await createRental(t, renter, product, { startDate: utcDay(50), endDate: utcDay(51) });
    await deliverAll(t);
    // 40 of the 48 hours gone: inside the last 12.
    const soon = new Date(Date.now() + 40 * 3_600_000);
    await runNotificationJob(t, 'notification.reminders', soon);
    await runNotificationJob(t, 'notification.reminders', soon);
    await deliverAll(t);
    expect((await notificationsAbout(t, rental.id)).filter((n) => n.includes('reminder.'))).toEqual([
      `${owner.id} reminder.request-expiring`,
    ]);
    expect(mailsTo(owner, /^Reminder: answer the request for Camping tent$/)).toHaveLength(1);
  });
});
