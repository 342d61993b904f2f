import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod } from '../support/payment.factory';
import { deliverAll, feedOf, notificationsAbout } from '../support/notification.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('notification: a rental journey, told to the right people once', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
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
    [owner, renter] = await Promise.all([
      signUp(t.http, { fullName: 'Olivia Owner' }),
      signUp(t.http, { fullName: 'Rita Renter' }),
    ]);
    product = await createProduct(t, owner, { title: 'Cordless drill' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const mailsTo = (user: SignedUpUser, subject: RegExp) =>
    smtp.messages.filter((m) => m.to === user.email && subject.test(m.subject));

  it('tells the owner of a request and the renter of each answer, by email and in the feed', async () => {
    const rental = await createRental(t, renter, product, { startDate: utcDay(10), endDate: utcDay(12) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'accepted');
    await deliverAll(t);
    await moveRental(t, rental, renter, 'cancelled');
    await deliverAll(t);

    expect(await notificationsAbout(t, rental.id)).toEqual(
      [`${owner.id} rental.requested`, `${renter.id} rental.accepted`, `${owner.id} rental.cancelled`].sort(),
    );
    const request = mailsTo(owner, /wants to rent Cordless drill/);
    expect(request).toHaveLength(1);
    expect(request[0].subject).toBe('Rita wants to rent Cordless drill');
    expect(request[0].text).toContain(`http://localhost:3000/rentals/${rental.id}`);
    expect(request[0].html).toContain('Cordless drill');
    expect(mailsTo(renter, /was accepted/)).toHaveLength(1);
    expect(mailsTo(owner, /was cancelled/)).toHaveLength(1);
    // Nobody is told of their own step.
    expect(mailsTo(renter, /wants to rent|was cancelled/)).toHaveLength(0);
    expect(mailsTo(owner, /was accepted/)).toHaveLength(0);

    const feed = await feedOf(t, owner);
    const mine = feed.items.filter((n) => n.kind.startsWith('rental.'));
    expect(mine.map((n) => n.kind)).toEqual(['rental.cancelled', 'rental.requested']);
    expect(mine[1].title).toBe('Rita wants to rent Cordless drill');
  });

  it('tells each once when the same events are delivered again', async () => {
    const rental = await createRental(t, renter, product, { startDate: utcDay(20), endDate: utcDay(21) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'declined');
    await deliverAll(t);
    const before = smtp.messages.length;
    // As after a crash between delivery and the inbox's record: the relay hands the events over again.
    const events: { id: string }[] = await t.db.query(
      `SELECT id FROM rental.outbox_events WHERE payload->>'rentalId' = $1`,
      [rental.id],
    );
    expect(events).toHaveLength(2);
    for (const { id } of events) {
      await t.db.query('DELETE FROM notification.inbox_events WHERE event_id = $1', [id]);
      await t.db.query('UPDATE rental.outbox_events SET published_at = NULL WHERE id = $1', [id]);
    }
    await deliverAll(t);
    expect(smtp.messages.length).toBe(before);
    expect(await notificationsAbout(t, rental.id)).toEqual(
      [`${owner.id} rental.requested`, `${renter.id} rental.declined`].sort(),
    );
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification.inbox_events WHERE event_id = ANY($1::uuid[])`,
      [events.map((e) => e.id)],
    );
    expect(n).toBe(2);
  });

  it('counts, marks read one by one or all, and hides others’ notifications (404)', async () => {
    const rental = await createRental(t, renter, product, { startDate: utcDay(30), endDate: utcDay(31) });
    await deliverAll(t);
    const unread = await t.http.get('/api/v1/notifications/unread-count').set(owner.auth);
    expect(unread.status).toBe(200);
    expect(unread.body.unread).toBeGreaterThanOrEqual(1);
    const [latest] = (await feedOf(t, owner, '?unread=true&limit=1')).items;
    expect(latest.kind).toBe('rental.requested');

    const stranger = await t.http.post(`/api/v1/notifications/${latest.id}/read`).set(renter.auth);
    expect(stranger.status).toBe(404);
    expect(stranger.body.code).toBe('NOTIFICATION.NOT_FOUND');
    const unknown = await t.http.post(`/api/v1/notifications/${randomUUID()}/read`).set(owner.auth);
    expect(unknown.status).toBe(404);
    const [row] = await t.db.query('SELECT read_at FROM notification.notifications WHERE id = $1', [
      latest.id,
    ]);
    expect(row.read_at).toBeNull();

    const read = await t.http.post(`/api/v1/notifications/${latest.id}/read`).set(owner.auth);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: latest.id, read: true, subjectId: rental.id });
    const all = await t.http.post('/api/v1/notifications/read-all').set(owner.auth);
    expect(all.status).toBe(200);
    const after = await t.http.get('/api/v1/notifications/unread-count').set(owner.auth);
    expect(after.body.unread).toBe(0);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM notification.notifications WHERE recipient_id = $1 AND read_at IS NULL AND in_app`,
      [owner.id],
    );
    expect(n).toBe(0);
  });

  it('pages the feed with a cursor and refuses one it did not give', async () => {
    const first = await feedOf(t, owner, '?limit=1');
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = await feedOf(t, owner, `?limit=1&cursor=${first.nextCursor}`);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    const bad = await t.http.get('/api/v1/notifications?cursor=bm9wZQ').set(owner.auth);
    expect(bad.status).toBe(422);
    expect(bad.body.code).toBe('NOTIFICATION.INVALID_CURSOR');
  });

  it('tells a declined payment by email even to someone who turned every optional email off', async () => {
    const payer = await signUp(t.http, { fullName: 'Paula Payer' });
    await t.http
      .put('/api/v1/notifications/preferences')
      .set(payer.auth)
      .send({
        preferences: ['booking', 'messages', 'reviews', 'reminders'].map((category) => ({
          category,
          email: false,
          inApp: true,
        })),
      })
      .expect(200);
    await addPaymentMethod(t, payer, 'pm_card_chargeDeclined', true);
    const rental = await createRental(t, payer, product, { startDate: utcDay(70), endDate: utcDay(71) });
    await deliverAll(t);
    const failed = mailsTo(payer, /did not go through/);
    expect(failed).toHaveLength(1);
    expect(failed[0].subject).toMatch(/^Your payment of \d+\.\d{2} [A-Z]{3} did not go through$/);
    // Money mail carries no unsubscribe link.
    expect(failed[0].headers['list-unsubscribe']).toBeUndefined();
    expect(await notificationsAbout(t, rental.id)).toContain(`${payer.id} payment.failed`);
  });
});
