import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { decideReport, report } from '../support/trust.factory';

describe("trust: a person's reports and sanctions in their data export and erasure", () => {
  let t: TestApp;
  let admin: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    admin = await signUpAdmin(t);
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();

  async function exportOf(user: SignedUpUser): Promise<Record<string, unknown>> {
    const requested = await t.http.post('/api/v1/account/data-exports').set(user.auth);
    expect(requested.status).toBe(202);
    await drain();
    const download = await t.http
      .get(`/api/v1/account/data-exports/${requested.body.id}/document`)
      .set(user.auth);
    expect(download.status).toBe(200);
    return download.body.trust;
  }

  it('exports the reports the person filed and the sanctions imposed on them, never who decided or why inside', async () => {
    const zoe = await signUp(t.http, { fullName: 'Zoe Reporter' });
    const mallory = await signUp(t.http);
    const listing = await createProduct(t, mallory);
    const ofListing = await report(
      t,
      zoe,
      { targetType: 'listing', targetId: listing.id },
      { reason: 'other', note: 'Same photos as another listing.' },
    );
    const ofMallory = await report(
      t,
      zoe,
      { targetType: 'user', targetId: mallory.id },
      { reason: 'harassment' },
    );
    const decided = await decideReport(t, admin, ofMallory.id, {
      action: 'warn',
      reason: 'Be civil.',
      note: 'Internal: first warning.',
    });
    expect(decided.status).toBe(200);
    // Someone reporting Zoe, and a sanction of her: the report is not hers, the sanction is.
    const ofZoe = await report(t, mallory, { targetType: 'user', targetId: zoe.id }, { note: 'She lies' });
    // A warning: a suspension would end her sessions once its event is delivered, export or not.
    const warned = await decideReport(t, admin, ofZoe.id, {
      action: 'warn',
      reason: 'Misleading reports.',
      note: 'Internal: check again later.',
    });
    expect(warned.status).toBe(200);

    const trust = await exportOf(zoe);
    expect(trust).toEqual({
      blocks: [],
      reports: [
        {
          id: ofListing.id,
          targetType: 'listing',
          targetId: listing.id,
          reason: 'other',
          note: 'Same photos as another listing.',
          status: 'open',
          createdAt: ofListing.createdAt,
          resolvedAt: null,
        },
        {
          id: ofMallory.id,
          targetType: 'user',
          targetId: mallory.id,
          reason: 'harassment',
          note: null,
          status: 'actioned',
          createdAt: ofMallory.createdAt,
          resolvedAt: decided.body.decidedAt,
        },
      ],
      sanctions: [
        {
          id: warned.body.sanctionId,
          kind: 'warning',
          reason: 'Misleading reports.',
          startsAt: expect.any(String),
          endsAt: null,
          liftedAt: null,
          standing: false,
        },
      ],
    });
    expect(JSON.stringify(trust)).not.toMatch(/Internal|She lies/);
    expect(JSON.stringify(trust)).not.toContain(admin.id);
    expect(JSON.stringify(trust)).not.toContain(ofZoe.id);
  });

  it("keeps an erased reporter's reports for the target's history, without the note they wrote", async () => {
    const gone = await signUp(t.http);
    const target = await signUp(t.http);
    const open = await report(
      t,
      gone,
      { targetType: 'user', targetId: target.id },
      { reason: 'other', note: 'My words' },
    );
    const listing = await createProduct(t, target);
    const closed = await report(
      t,
      gone,
      { targetType: 'listing', targetId: listing.id },
      { note: 'More words' },
    );
    expect(
      (await decideReport(t, admin, closed.id, { action: 'dismiss', note: 'Moderator words' })).status,
    ).toBe(200);
    // Someone else's note about the same target stays.
    const other = await signUp(t.http);
    const kept = await report(t, other, { targetType: 'user', targetId: target.id }, { note: 'Other words' });

    expect((await deleteAccount(t, gone, { password: gone.password })).status).toBe(204);
    await drain();
    const rows = await t.db.query(
      'SELECT id, reporter_id, reason, note, status, resolution_note FROM trust.reports WHERE id = ANY($1) ORDER BY created_at',
      [[open.id, closed.id, kept.id]],
    );
    expect(rows).toEqual([
      {
        id: open.id,
        reporter_id: gone.id,
        reason: 'other',
        note: null,
        status: 'open',
        resolution_note: null,
      },
      {
        id: closed.id,
        reporter_id: gone.id,
        reason: 'scam',
        note: null,
        status: 'dismissed',
        resolution_note: 'Moderator words',
      },
      {
        id: kept.id,
        reporter_id: other.id,
        reason: 'scam',
        note: 'Other words',
        status: 'open',
        resolution_note: null,
      },
    ]);
    // The open one is still in the queue for a decision.
    const detail = await t.http.get(`/api/v1/admin/reports/${open.id}`).set(admin.auth);
    expect(detail.status).toBe(200);
    expect(detail.body.report).toMatchObject({ status: 'open', note: null, reporterId: gone.id });
    const [processed] = await t.db.query(
      `SELECT count(*)::int AS n FROM trust.inbox_events WHERE handler = 'trust.clear-deleted-reporter-notes'`,
    );
    expect(processed.n).toBeGreaterThan(0);
  });
});
