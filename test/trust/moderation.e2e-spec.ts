import { auditEntriesFor } from '../support/audit.factory';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { reviewProduct } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import type { ReportBody } from '../support/trust.factory';
import { decideReport, report, reportRowsOf, trustEvents } from '../support/trust.factory';

describe('trust: moderation decisions (POST /admin/reports/{reportId}/decision)', () => {
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
  const decide = (reportId: string, body: Record<string, unknown>, as: SignedUpUser = admin) =>
    decideReport(t, as, reportId, body);
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
  const sanctionRows = (userId: string) =>
    t.db.query(
      `SELECT kind, reason, report_id, imposed_by, ends_at FROM trust.sanctions WHERE user_id = $1
       ORDER BY created_at, id`,
      [userId],
    );

  it('dismisses every open report of the target at once, tells each reporter, and audits it', async () => {
    const owner = await signUp(t.http);
    const listing = await createProduct(t, owner);
    const [r1, r2, r3] = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    const earlier = await report(t, r1, { targetType: 'listing', targetId: listing.id });
    expect((await decide(earlier.id, { action: 'dismiss' })).status).toBe(200);
    // The same reporter may report it again once their report is decided.
    const again = await report(
      t,
      r1,
      { targetType: 'listing', targetId: listing.id },
      { note: 'Still fake' },
    );
    const second = await report(t, r2, { targetType: 'listing', targetId: listing.id });
    const third = await report(t, r3, { targetType: 'listing', targetId: listing.id });

    const res = await decide(second.id, {
      action: 'dismiss',
      note: 'Looks legitimate; checked the photos.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      reportId: second.id,
      action: 'dismiss',
      outcome: 'dismissed',
      resolution: 'dismissed',
      closedReports: 3,
      sanctionId: null,
      decidedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
    });
    const closed = {
      status: 'dismissed',
      resolution: 'dismissed',
      resolution_reason: null,
      resolution_note: 'Looks legitimate; checked the photos.',
      resolved_by: admin.id,
      resolved: true,
    };
    expect(await reportRowsOf(t, listing.id)).toEqual([
      expect.objectContaining({ id: earlier.id, status: 'dismissed', resolution_note: null }),
      { id: again.id, ...closed },
      { id: second.id, ...closed },
      { id: third.id, ...closed },
    ]);
    for (const [reporter, reportId] of [
      [r1, again.id],
      [r2, second.id],
      [r3, third.id],
    ] as const)
      expect(await trustEvents(t, 'trust.ReportResolved', 'reportId', reportId)).toEqual([
        { reportId, reporterId: reporter.id, outcome: 'dismissed' },
      ]);
    const audit = await auditEntriesFor(t.db, { targetId: second.id });
    expect(audit).toEqual([
      expect.objectContaining({
        actor_id: admin.id,
        actor_role: 'admin',
        action: 'trust.report_dismissed',
        target_type: 'report',
        target_id: second.id,
        details: { reportId: second.id, reportsClosed: 3, targetType: 'listing', targetId: listing.id },
      }),
    ]);
    // The reporter learns the outcome, never who decided or what they noted.
    const seen = await t.http.get(`/api/v1/trust/reports/${third.id}`).set(r3.auth);
    expect(seen.body).toEqual({ ...third, status: 'dismissed', resolvedAt: res.body.decidedAt });
    // Nothing happened to the listing.
    expect((await t.http.get(`/api/v1/products/${listing.id}`)).status).toBe(200);
    expect(await trustEvents(t, 'trust.ListingHidden', 'productId', listing.id)).toEqual([]);
  });

  it('hides a listing: ListingHidden for catalog, with the reason its owner will see', async () => {
    const owner = await signUp(t.http);
    const listing = await createProduct(t, owner);
    const reporter = await signUp(t.http);
    const filed = await report(t, reporter, { targetType: 'listing', targetId: listing.id });
    const res = await decide(filed.id, {
      action: 'hide_listing',
      reason: 'Prohibited item.',
      note: 'Internal: seen before.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: 'actioned', resolution: 'listing_hidden', closedReports: 1 });
    expect(await trustEvents(t, 'trust.ListingHidden', 'productId', listing.id)).toEqual([
      { productId: listing.id, ownerId: owner.id, reason: 'Prohibited item.', reportId: filed.id },
    ]);
    expect(await reportRowsOf(t, listing.id)).toEqual([
      {
        id: filed.id,
        status: 'actioned',
        resolution: 'listing_hidden',
        resolution_reason: 'Prohibited item.',
        resolution_note: 'Internal: seen before.',
        resolved_by: admin.id,
        resolved: true,
      },
    ]);
    expect(await auditEntriesFor(t.db, { targetId: listing.id })).toEqual([
      expect.objectContaining({
        actor_id: admin.id,
        action: 'trust.listing_hidden',
        target_type: 'listing',
        details: { reportId: filed.id, reportsClosed: 1, ownerId: owner.id },
      }),
    ]);
    expect(await trustEvents(t, 'trust.ReportResolved', 'reportId', filed.id)).toEqual([
      { reportId: filed.id, reporterId: reporter.id, outcome: 'actioned' },
    ]);
  });

  it('removes a message or a review: ContentRemoved names its author', async () => {
    const owner = await signUp(t.http);
    const listing = await createProduct(t, owner);
    const renter = await signUp(t.http);
    const conversation = await openConversation(t, renter, { productId: listing.id }, 'Hello');
    const insult = await postText(t, owner, conversation.id, 'You are a fool.');
    const review = await reviewProduct(t, renter, {
      productId: listing.id,
      rating: 1,
      body: 'Owner is a fool.',
    });
    const ofMessage = await report(t, renter, { targetType: 'message', targetId: insult.id });
    const ofReview = await report(t, owner, { targetType: 'review', targetId: review.id });

    for (const [filed, targetType, targetId, authorId] of [
      [ofMessage, 'message', insult.id, owner.id],
      [ofReview, 'review', review.id, renter.id],
    ] as const) {
      const res = await decide(filed.id, { action: 'remove_content', reason: 'Insults are not allowed.' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ resolution: 'content_removed', outcome: 'actioned' });
      expect(await trustEvents(t, 'trust.ContentRemoved', 'targetId', targetId)).toEqual([
        { targetType, targetId, authorId, reportId: filed.id },
      ]);
      expect(await auditEntriesFor(t.db, { targetId })).toEqual([
        expect.objectContaining({
          action: 'trust.content_removed',
          target_type: targetType,
          details: { reportId: filed.id, reportsClosed: 1, authorId },
        }),
      ]);
    }
  });

  it("warns, suspends and bans the target's author through the sanction ledger, and shows them in the history", async () => {
    const author = await signUp(t.http);
    const listing = await createProduct(t, author);
    const [r1, r2, r3] = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    const warned = await report(t, r1, { targetType: 'listing', targetId: listing.id });
    const suspended = await report(t, r2, { targetType: 'user', targetId: author.id });
    const until = inDays(7);

    const warn = await decide(warned.id, { action: 'warn', reason: 'Describe the item honestly.' });
    expect(warn.status).toBe(200);
    expect(warn.body).toMatchObject({ resolution: 'warning', sanctionId: expect.any(String) });
    const suspend = await decide(suspended.id, { action: 'suspend', reason: 'Harassing renters.', until });
    expect(suspend.status).toBe(200);
    expect(suspend.body).toMatchObject({ resolution: 'suspension', sanctionId: expect.any(String) });
    expect(await sanctionRows(author.id)).toEqual([
      {
        kind: 'warning',
        reason: 'Describe the item honestly.',
        report_id: warned.id,
        imposed_by: admin.id,
        ends_at: null,
      },
      {
        kind: 'suspension',
        reason: 'Harassing renters.',
        report_id: suspended.id,
        imposed_by: admin.id,
        ends_at: new Date(until),
      },
    ]);
    expect(await trustEvents(t, 'trust.UserWarned', 'userId', author.id)).toEqual([
      { userId: author.id, sanctionId: warn.body.sanctionId },
    ]);
    expect(await trustEvents(t, 'trust.UserSuspended', 'userId', author.id)).toEqual([
      expect.objectContaining({
        userId: author.id,
        sanctionId: suspend.body.sanctionId,
        kind: 'suspension',
      }),
    ]);
    expect((await auditEntriesFor(t.db, { targetId: author.id })).map((e) => e.action)).toEqual([
      'trust.user_warned',
      'trust.user_suspended',
    ]);

    // A ban reaches the author of a message as well; the history shows the sanctions so far.
    const other = await signUp(t.http);
    const banned = await report(t, r3, { targetType: 'user', targetId: other.id });
    const detail = await t.http.get(`/api/v1/admin/reports/${suspended.id}`).set(admin.auth);
    expect(detail.body.sanctionsOfUser).toEqual([
      expect.objectContaining({
        id: suspend.body.sanctionId,
        kind: 'suspension',
        endsAt: until,
        liftedAt: null,
      }),
      expect.objectContaining({
        id: warn.body.sanctionId,
        kind: 'warning',
        reason: 'Describe the item honestly.',
        reportId: warned.id,
        imposedBy: admin.id,
        endsAt: null,
      }),
    ]);
    const ban = await decide(banned.id, { action: 'ban', reason: 'Fraud.' });
    expect(ban.status).toBe(200);
    expect(await sanctionRows(other.id)).toEqual([
      { kind: 'ban', reason: 'Fraud.', report_id: banned.id, imposed_by: admin.id, ends_at: null },
    ]);
  });

  it('gives one decision and 409s when moderators decide one report at once', async () => {
    const author = await signUp(t.http);
    const listing = await createProduct(t, author);
    const reporters = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
    const filed: ReportBody[] = [];
    for (const reporter of reporters)
      filed.push(await report(t, reporter, { targetType: 'listing', targetId: listing.id }));
    const moderators = [admin, await signUpAdmin(t), await signUpAdmin(t)];
    // Every moderator on the same report, and two more on the target's other reports.
    const answers = await Promise.all([
      ...moderators.map((m) => decide(filed[0].id, { action: 'hide_listing', reason: 'Scam.' }, m)),
      decide(filed[1].id, { action: 'warn', reason: 'Scam.' }, moderators[1]),
      decide(filed[2].id, { action: 'dismiss' }, moderators[2]),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409, 409, 409]);
    for (const conflict of answers.filter((a) => a.status === 409))
      expect(conflict.body.code).toBe('TRUST.REPORT_NOT_OPEN');
    const winner = answers.find((a) => a.status === 200)!;
    expect(winner.body.closedReports).toBe(3);

    const rows = await reportRowsOf(t, listing.id);
    expect(new Set(rows.map((r: { resolution: string }) => r.resolution)).size).toBe(1);
    expect(rows.every((r: { status: string }) => r.status !== 'open')).toBe(true);
    const resolved = await Promise.all(
      filed.map((f) => trustEvents(t, 'trust.ReportResolved', 'reportId', f.id)),
    );
    expect(resolved.map((e) => e.length)).toEqual([1, 1, 1]);
    const effects = [
      ...(await trustEvents(t, 'trust.ListingHidden', 'productId', listing.id)),
      ...(await trustEvents(t, 'trust.UserWarned', 'userId', author.id)),
    ];
    expect(effects).toHaveLength(winner.body.action === 'dismiss' ? 0 : 1);
    const audit = [
      ...(await auditEntriesFor(t.db, { targetId: listing.id })),
      ...(await auditEntriesFor(t.db, { targetId: author.id })),
      ...(await auditEntriesFor(t.db, { action: 'trust.report_dismissed' })).filter((e) =>
        filed.some((f) => f.id === e.target_id),
      ),
    ];
    expect(audit).toHaveLength(1);
  });
});
