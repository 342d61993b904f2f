import { randomUUID } from 'node:crypto';
import { CatalogPersonalDataExport } from '../../src/modules/catalog/application/personal-data-export';
import { PURGE_DATA_EXPORTS_JOB } from '../../src/modules/identity/application/data-export-purge.job';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

/** An export's life: listing, one pending at a time, expiry and purge, failure, closed accounts. */
describe('identity: personal data export, lifecycle', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const requestExport = (user: SignedUpUser) => t.http.post('/api/v1/account/data-exports').set(user.auth);
  const exportRow = async (id: string) =>
    (await t.db.query('SELECT * FROM identity.data_exports WHERE id = $1', [id]))[0];

  /** A user with a finished export, and the export's id. */
  async function readyExport(): Promise<{ user: SignedUpUser; id: string }> {
    const user = await signUp(t.http);
    const res = await requestExport(user).expect(202);
    await drain();
    return { user, id: res.body.id };
  }

  it('lists the caller’s exports, newest first, and shows nobody else’s (404)', async () => {
    const { user, id: first } = await readyExport();
    const second = (await requestExport(user).expect(202)).body.id;
    const list = await t.http.get('/api/v1/account/data-exports').set(user.auth);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, limit: 20, total: 2 });
    expect(list.body.items.map((e: { id: string; status: string }) => [e.id, e.status])).toEqual([
      [second, 'pending'],
      [first, 'ready'],
    ]);
    await drain();

    const stranger = await signUp(t.http);
    const theirs = await t.http.get('/api/v1/account/data-exports').set(stranger.auth);
    expect(theirs.body).toMatchObject({ items: [], total: 0 });
    for (const path of [first, `${first}/document`, randomUUID(), `${randomUUID()}/document`]) {
      const res = await t.http.get(`/api/v1/account/data-exports/${path}`).set(stranger.auth);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expectMalformedId(await t.http.get('/api/v1/account/data-exports/not-a-uuid').set(stranger.auth), 'id');
    const wrongOwner = await t.http.get(`/api/v1/account/data-exports/${first}`).set(stranger.auth);
    expect(wrongOwner.body.code).toBe('IDENTITY.EXPORT_NOT_FOUND');
    expect((await t.http.get('/api/v1/account/data-exports')).status).toBe(401);
    expect((await t.http.post('/api/v1/account/data-exports')).status).toBe(401);
  });

  it('allows one pending export at a time, even when two requests race (409 names it)', async () => {
    const user = await signUp(t.http);
    const answers = await Promise.all([requestExport(user), requestExport(user), requestExport(user)]);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409, 409]);
    const accepted = answers.find((r) => r.status === 202)!;
    for (const refused of answers.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({ code: 'IDENTITY.EXPORT_IN_PROGRESS', exportId: accepted.body.id });
    }
    const rows = await t.db.query('SELECT id, status FROM identity.data_exports WHERE user_id = $1', [
      user.id,
    ]);
    expect(rows).toEqual([{ id: accepted.body.id, status: 'pending' }]);
    await drain();
    expect((await requestExport(user)).status).toBe(202);
    await drain();
  });

  it('answers 410 after the export expired, and the purge job deletes expired documents only', async () => {
    const expired = await readyExport();
    const kept = await readyExport();
    await t.db.query(
      `UPDATE identity.data_exports SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [expired.id],
    );
    const gone = await t.http
      .get(`/api/v1/account/data-exports/${expired.id}/document`)
      .set(expired.user.auth);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({ status: 410, code: 'IDENTITY.EXPORT_EXPIRED' });
    const shown = await t.http.get(`/api/v1/account/data-exports/${expired.id}`).set(expired.user.auth);
    expect(shown.body.status).toBe('expired');

    expect(await t.app.get(JobScheduler).runNow(PURGE_DATA_EXPORTS_JOB)).toBe(true);
    expect(await exportRow(expired.id)).toMatchObject({ status: 'ready', document: null });
    expect((await exportRow(kept.id)).document).not.toBeNull();
    const after = await t.http
      .get(`/api/v1/account/data-exports/${expired.id}/document`)
      .set(expired.user.auth);
    expect(after.status).toBe(410);
    expect(
      (await t.http.get(`/api/v1/account/data-exports/${kept.id}/document`).set(kept.user.auth)).status,
    ).toBe(200);
  });

  it('marks an export failed when a context cannot answer, without holding back identity’s other events', async () => {
    const user = await signUp(t.http);
    const catalog = t.app.get(CatalogPersonalDataExport);
    const original = catalog.export;
    catalog.export = () => Promise.reject(new Error('catalog is unavailable'));
    let id: string;
    try {
      id = (await requestExport(user).expect(202)).body.id;
      await drain();
    } finally {
      catalog.export = original;
    }
    expect(await t.app.get(EventRelay).pendingCount()).toBe(0);
    expect(await exportRow(id)).toMatchObject({
      status: 'failed',
      document: null,
      last_error: 'catalog is unavailable',
    });
    const shown = await t.http.get(`/api/v1/account/data-exports/${id}`).set(user.auth);
    expect(shown.body).toMatchObject({ status: 'failed', readyAt: null, expiresAt: null });
    const download = await t.http.get(`/api/v1/account/data-exports/${id}/document`).set(user.auth);
    expect(download.status).toBe(409);
    expect(download.body.code).toBe('IDENTITY.EXPORT_FAILED');

    const again = await requestExport(user);
    expect(again.status).toBe(202);
    await drain();
    expect((await exportRow(again.body.id)).status).toBe('ready');
  });

  it('exports nothing for an account no longer active, and mails nobody', async () => {
    const suspended = await signUp(t.http);
    await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    const refused = await requestExport(suspended);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('IDENTITY.USER_NOT_FOUND');
    expect(
      await t.db.query('SELECT id FROM identity.data_exports WHERE user_id = $1', [suspended.id]),
    ).toEqual([]);

    // Suspended between the request and the assembly.
    const user = await signUp(t.http);
    const id = (await requestExport(user).expect(202)).body.id;
    await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [user.id]);
    await drain();
    expect(await exportRow(id)).toMatchObject({
      status: 'failed',
      document: null,
      last_error: 'The account is no longer active',
    });
    const mails = await t.db.query('SELECT 1 FROM mail.messages WHERE user_id = $1 AND template = $2', [
      user.id,
      'identity.data-export-ready',
    ]);
    expect(mails).toEqual([]);
  });

  it('gives up on an export still pending after an hour, so the person can ask again', async () => {
    const user = await signUp(t.http);
    const id = (await requestExport(user).expect(202)).body.id;
    // As if the relay never delivered the event: the job runs an hour and a second later.
    const later = new Date(Date.now() + 60 * 60_000 + 1000);
    expect(await t.app.get(JobScheduler).runNow(PURGE_DATA_EXPORTS_JOB, later)).toBe(true);
    expect(await exportRow(id)).toMatchObject({ status: 'failed', last_error: expect.any(String) });
    // The late event then finds nothing pending and leaves the failed export alone.
    await drain();
    expect((await exportRow(id)).status).toBe('failed');
    expect((await requestExport(user)).status).toBe(202);
    await drain();
  });
  it('allows three exports a day, then 429 with Retry-After and no new row', async () => {
    const user = await signUp(t.http);
    for (let i = 0; i < 3; i++) {
      expect((await requestExport(user)).status).toBe(202);
      await drain();
    }
    const limited = await requestExport(user);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.body.code).toBe('IDENTITY.EXPORT_LIMIT');
    const rows = await t.db.query('SELECT 1 FROM identity.data_exports WHERE user_id = $1', [user.id]);
    expect(rows).toHaveLength(3);
  });
});
