import { PersonalDataRegistry } from '../../src/platform/privacy/personal-data';
import { EventRelay } from '../../src/platform/events/event-relay';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { deliverAll, notificationsAbout } from '../support/notification.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('notification: an SMTP outage, the data export and erasure', () => {
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
    product = await createProduct(t, owner, { title: 'Ladder' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const mailsTo = (user: SignedUpUser, subject: RegExp) =>
    smtp.messages.filter((m) => m.to === user.email && subject.test(m.subject));

  it('rides out an SMTP outage: requests go on, every email arrives exactly once after recovery', async () => {
    const renters = await Promise.all([1, 2, 3].map(() => signUp(t.http, { fullName: 'Rita Renter' })));
    await smtp.stop();
    try {
      const rentals = [];
      for (const [i, renter] of renters.entries()) {
        // Requests are answered while no email can leave: nothing in them waits on SMTP.
        const rental = await createRental(t, renter, product, {
          startDate: utcDay(60 + i * 3),
          endDate: utcDay(61 + i * 3),
        });
        rentals.push(rental);
      }
      await t.app.get(EventRelay).drain();
      for (const rental of rentals) await moveRental(t, rental, owner, 'accepted');
      await t.app.get(EventRelay).drain();
      expect((await t.app.get(MailDispatcher).runOnce()).sent).toBe(0);
      const pending: { n: number }[] = await t.db.query(
        `SELECT count(*)::int AS n FROM mail.messages WHERE template LIKE 'notification.rental.%' AND status = 'pending'
           AND user_id = ANY($1::uuid[])`,
        [[owner.id, ...renters.map((r) => r.id)]],
      );
      expect(pending[0].n).toBe(6);
      const live = await t.http.get('/api/v1/notifications/unread-count').set(owner.auth);
      expect(live.status).toBe(200);

      await smtp.restart();
      await t.db.query(`UPDATE mail.messages SET next_attempt_at = now() WHERE status = 'pending'`);
      await t.app.get(MailDispatcher).drain();
      await deliverAll(t);
      expect(mailsTo(owner, /wants to rent Ladder/)).toHaveLength(3);
      for (const renter of renters) expect(mailsTo(renter, /Ladder was accepted/)).toHaveLength(1);
      const ids = smtp.messages.filter((m) => /Ladder/.test(m.subject)).map((m) => m.messageId);
      expect(new Set(ids).size).toBe(ids.length);
    } finally {
      await smtp.restart().catch(() => undefined);
    }
  });

  it('joins the personal-data export, and is erased with the account', async () => {
    const renter = await signUp(t.http, { fullName: 'Erin Erased' });
    const rental = await createRental(t, renter, product, { startDate: utcDay(90), endDate: utcDay(91) });
    await deliverAll(t);
    await moveRental(t, rental, owner, 'declined');
    await deliverAll(t);
    await t.http
      .put('/api/v1/notifications/preferences')
      .set(renter.auth)
      .send({ preferences: [{ category: 'reviews', email: false, inApp: true }] })
      .expect(200);

    const document = await t.app.get(PersonalDataRegistry).exportAll(renter.id);
    expect(document.notification.notifications).toEqual([
      expect.objectContaining({ kind: 'rental.declined', category: 'booking', inApp: true, emailed: true }),
    ]);
    expect(document.notification.preferences).toEqual([
      expect.objectContaining({ category: 'reviews', email: false, inApp: true }),
    ]);

    const res = await deleteAccount(t, renter, { password: renter.password });
    expect(res.status).toBe(204);
    await deliverAll(t);
    expect(await notificationsAbout(t, rental.id)).toEqual([`${owner.id} rental.requested`]);
    // The owner's feed keeps what happened, not who.
    const [told] = await t.db.query(
      `SELECT title, other_id FROM notification.notifications WHERE subject_id = $1`,
      [rental.id],
    );
    expect(told).toEqual({ title: 'Deleted user wants to rent Ladder', other_id: null });
    const [{ n }] = await t.db.query(
      `SELECT (SELECT count(*) FROM notification.preferences WHERE user_id = $1)
            + (SELECT count(*) FROM notification.rental_schedules WHERE renter_id = $1) AS n`,
      [renter.id],
    );
    expect(Number(n)).toBe(0);
  });
});
