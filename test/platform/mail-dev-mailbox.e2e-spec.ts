import { randomUUID } from 'node:crypto';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { MailDispatcher } from '../../src/platform/mail/mail-dispatcher';
import { MAIL_RETENTION_JOB } from '../../src/platform/mail/mail-retention.job';
import { MailTemplates } from '../../src/platform/mail/mail-templates';
import { mailAddress, mailLink, requestWelcome, WELCOME } from '../support/mail.factory';
import { createTestApp, type TestApp } from '../support/test-app';

describe('platform: the development mailbox (no SMTP_URL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0' });
    t.app.get(MailTemplates).register(WELCOME);
  });
  afterAll(() => t.close());

  it('keeps the message, sends nothing, and lists it with its links', async () => {
    const to = mailAddress();
    const url = mailLink();
    const eventId = await requestWelcome(t, { to, link: url, locale: 'fr' });
    await t.app.get(EventRelay).drain();
    expect(await t.app.get(MailDispatcher).drain()).toBe(0);
    const [row] = await t.db.query(
      'SELECT id, status, recipient, next_attempt_at FROM mail.messages WHERE event_id = $1',
      [eventId],
    );
    expect(row).toMatchObject({ status: 'stored', recipient: to, next_attempt_at: null });

    const res = await t.http.get('/api/v1/dev/mailbox').query({ to });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [
        {
          id: row.id,
          to,
          subject: 'Bienvenue, Ada',
          text: `Bonjour Ada, confirmez : ${url}`,
          html: expect.stringContaining('<p>Bonjour Ada, <a href='),
          template: WELCOME.name,
          locale: 'fr',
          createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
          links: [url],
        },
      ],
      nextCursor: null,
    });
  });

  it('filters by recipient (any case) and pages newest first with the cursor, no message twice', async () => {
    const to = mailAddress();
    const other = mailAddress();
    for (let i = 0; i < 3; i++) await requestWelcome(t, { to, link: mailLink(), name: `N${i}` });
    await requestWelcome(t, { to: other, link: mailLink() });
    await t.app.get(EventRelay).drain();

    const first = await t.http.get('/api/v1/dev/mailbox').query({ to: to.toUpperCase(), limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.items.map((m: { subject: string }) => m.subject)).toEqual([
      'Welcome, N2',
      'Welcome, N1',
    ]);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await t.http
      .get('/api/v1/dev/mailbox')
      .query({ to, limit: 2, cursor: first.body.nextCursor });
    expect(second.status).toBe(200);
    expect(second.body.items.map((m: { subject: string }) => m.subject)).toEqual(['Welcome, N0']);
    expect(second.body.nextCursor).toBeNull();

    const all = await t.http.get('/api/v1/dev/mailbox').query({ limit: 100 });
    const recipients = all.body.items.map((m: { to: string }) => m.to);
    expect(recipients).toEqual(expect.arrayContaining([to, other]));
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM mail.messages WHERE status = 'stored'`);
    expect(all.body.items).toHaveLength(Math.min(n, 100));
  });

  it('answers a bad cursor, limit, address or an unknown parameter with 422 problem+json', async () => {
    for (const query of [
      { cursor: 'bm90LWEtY3Vyc29y' },
      { limit: 0 },
      { limit: 101 },
      { to: 'nope' },
      { page: 2 },
    ]) {
      const res = await t.http.get('/api/v1/dev/mailbox').query(query);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('platform: mail retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('prunes settled messages after 30 days and keeps those still to send', async () => {
    const insert = async (status: string, ageDays: number) => {
      const id = randomUUID();
      await t.db.query(
        `INSERT INTO mail.messages (id, event_id, template, locale, subject, message_id, status, attempts,
           next_attempt_at, sent_at, created_at)
         VALUES ($1, $2, 'test.welcome', 'en', 'Welcome', '<x@y>', $3, 1,
           CASE WHEN $3 = 'pending' THEN now() END, CASE WHEN $3 = 'sent' THEN now() END,
           now() - make_interval(days => $4))`,
        [id, randomUUID(), status, ageDays],
      );
      return id;
    };
    const old = [await insert('sent', 31), await insert('stored', 31), await insert('failed', 40)];
    const kept = [await insert('sent', 29), await insert('stored', 1), await insert('pending', 31)];
    expect(await t.app.get(JobScheduler).runNow(MAIL_RETENTION_JOB)).toBe(true);
    const rows: { id: string }[] = await t.db.query('SELECT id FROM mail.messages WHERE id = ANY($1)', [
      [...old, ...kept],
    ]);
    expect(rows.map((r) => r.id).sort()).toEqual([...kept].sort());
  });
});

describe('platform: the development mailbox when disabled', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ DEV_MAILBOX_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('answers 404 problem+json', async () => {
    const res = await t.http.get('/api/v1/dev/mailbox');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 404, code: 'MAIL.MAILBOX_DISABLED' });
    expect(JSON.stringify(res.body)).not.toMatch(/items/);
  });
});
