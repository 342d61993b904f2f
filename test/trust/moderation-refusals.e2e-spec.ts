import { randomUUID } from 'node:crypto';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { deleteAccount } from '../support/erasure.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { reviewProduct } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { decideReport, moderationState, report } from '../support/trust.factory';

/** Decisions refused with a problem, each changing nothing: reports, events, sanctions, audit. */
describe('trust: refused moderation decisions', () => {
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

  it('refuses an action that does not fit the target (422 naming action), changing nothing', async () => {
    const owner = await signUp(t.http);
    const listing = await createProduct(t, owner);
    const renter = await signUp(t.http);
    const conversation = await openConversation(t, renter, { productId: listing.id }, 'Hi');
    const message = await postText(t, owner, conversation.id, 'Spam spam spam');
    const ofListing = await report(t, renter, { targetType: 'listing', targetId: listing.id });
    const ofUser = await report(t, renter, { targetType: 'user', targetId: owner.id });
    const ofMessage = await report(t, renter, { targetType: 'message', targetId: message.id });
    const wrong: [string, string, string][] = [
      [ofListing.id, 'remove_content', listing.id],
      [ofUser.id, 'hide_listing', owner.id],
      [ofUser.id, 'remove_content', owner.id],
      [ofMessage.id, 'hide_listing', message.id],
    ];
    for (const [reportId, action, targetId] of wrong) {
      const before = await moderationState(t, targetId);
      const res = await decide(reportId, { action, reason: 'Because.' });
      expect({ action, status: res.status, code: res.body.code }).toEqual({
        action,
        status: 422,
        code: 'TRUST.ACTION_NOT_FOR_TARGET',
      });
      expect(res.body.errors).toEqual([{ field: 'action', message: expect.stringContaining(action) }]);
      expect(await moderationState(t, targetId)).toEqual(before);
    }
  });

  it('refuses a decision without a reason, with a bad suspension end or over the text limits, changing nothing', async () => {
    const target = await signUp(t.http);
    const filed = await report(t, await signUp(t.http), { targetType: 'user', targetId: target.id });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ action: 'warn' }, 'TRUST.INVALID_DECISION', 'reason'],
      [{ action: 'ban', reason: '  ' }, 'TRUST.INVALID_DECISION', 'reason'],
      [{ action: 'suspend', reason: 'r' }, 'TRUST.INVALID_DECISION', 'until'],
      [{ action: 'suspend', reason: 'r', until: inDays(-1) }, 'TRUST.INVALID_DECISION', 'until'],
      [{ action: 'suspend', reason: 'r', until: inDays(366) }, 'TRUST.INVALID_DECISION', 'until'],
      [{ action: 'ban', reason: 'r', until: inDays(3) }, 'TRUST.INVALID_DECISION', 'until'],
      [{ action: 'suspend', reason: 'r', until: 'next week' }, 'VALIDATION.FAILED', 'until'],
      [{ action: 'warn', reason: 'r'.repeat(1001) }, 'VALIDATION.FAILED', 'reason'],
      [{ action: 'dismiss', note: 'n'.repeat(2001) }, 'VALIDATION.FAILED', 'note'],
      [{ action: 'delete_account', reason: 'r' }, 'VALIDATION.FAILED', 'action'],
      [{ reason: 'r' }, 'VALIDATION.FAILED', 'action'],
      [{ action: 'dismiss', resolvedBy: target.id }, 'VALIDATION.FAILED', 'resolvedBy'],
    ];
    const before = await moderationState(t, target.id);
    for (const [body, code, field] of cases) {
      const res = await decide(filed.id, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 422, code });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await moderationState(t, target.id)).toEqual(before);
    // At the limits it is fine.
    const res = await decide(filed.id, {
      action: 'suspend',
      reason: 'r'.repeat(1000),
      note: 'n'.repeat(2000),
      until: inDays(364),
    });
    expect(res.status).toBe(200);
  });

  it('answers 409 TRUST.REPORT_NOT_OPEN for a decided report, 404 for an unknown one, 422 for a malformed id', async () => {
    const target = await signUp(t.http);
    const filed = await report(t, await signUp(t.http), { targetType: 'user', targetId: target.id });
    expect((await decide(filed.id, { action: 'dismiss' })).status).toBe(200);
    const before = await moderationState(t, target.id);
    const again = await decide(filed.id, { action: 'warn', reason: 'On second thought.' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'TRUST.REPORT_NOT_OPEN', status: 409 });
    expect(await moderationState(t, target.id)).toEqual(before);
    const unknown = await decide(randomUUID(), { action: 'dismiss' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('TRUST.REPORT_NOT_FOUND');
    const malformed = await decide('nope', { action: 'dismiss' });
    expect(malformed.status).toBe(422);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'reportId' })]);
  });

  it('refuses a moderator deciding a report about themselves or their own content (422)', async () => {
    const other = await signUpAdmin(t);
    const listing = await createProduct(t, other);
    const reporter = await signUp(t.http);
    const ofListing = await report(t, reporter, { targetType: 'listing', targetId: listing.id });
    const ofAdmin = await report(t, reporter, { targetType: 'user', targetId: other.id });
    for (const [reportId, body, targetId] of [
      [ofListing.id, { action: 'dismiss' }, listing.id],
      [ofListing.id, { action: 'hide_listing', reason: 'Mine' }, listing.id],
      [ofAdmin.id, { action: 'suspend', reason: 'Me', until: inDays(1) }, other.id],
    ] as const) {
      const before = await moderationState(t, targetId);
      const res = await decide(reportId, body, other);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('TRUST.CANNOT_MODERATE_OWN');
      expect(await moderationState(t, targetId)).toEqual(before);
    }
    // Another admin may.
    expect((await decide(ofAdmin.id, { action: 'dismiss' })).status).toBe(200);
  });

  it('refuses a moderator part of the case: the owner of a reviewed listing, or a reporter (422)', async () => {
    const lister = await signUpAdmin(t);
    const listing = await createProduct(t, lister);
    const critic = await signUp(t.http);
    const review = await reviewProduct(t, critic, { productId: listing.id, rating: 1 });
    // Someone else reports the one-star review of the admin's listing; the admin may not remove it.
    const ofReview = await report(t, await signUp(t.http), { targetType: 'review', targetId: review.id });
    const before = await moderationState(t, review.id);
    const res = await decide(ofReview.id, { action: 'remove_content', reason: 'Unfair.' }, lister);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('TRUST.CANNOT_MODERATE_OWN');
    expect(await moderationState(t, review.id)).toEqual(before);

    // An admin who reported someone does not decide on that person either.
    const target = await signUp(t.http);
    const reporting = await signUpAdmin(t);
    const own = await report(t, reporting, { targetType: 'user', targetId: target.id });
    const self = await decide(own.id, { action: 'warn', reason: 'As I said.' }, reporting);
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('TRUST.CANNOT_MODERATE_OWN');
    expect((await decide(own.id, { action: 'dismiss' })).status).toBe(200);
  });

  it('refuses suspending or banning an admin (409), and sanctioning an erased author (404)', async () => {
    const otherAdmin = await signUpAdmin(t);
    const ofAdmin = await report(t, await signUp(t.http), { targetType: 'user', targetId: otherAdmin.id });
    const before = await moderationState(t, otherAdmin.id);
    for (const body of [
      { action: 'ban', reason: 'Rogue.' },
      { action: 'suspend', reason: 'Rogue.', until: inDays(1) },
    ]) {
      const res = await decide(ofAdmin.id, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('TRUST.SANCTION_TARGET_IS_ADMIN');
    }
    expect(await moderationState(t, otherAdmin.id)).toEqual(before);

    const gone = await signUp(t.http);
    const ofGone = await report(t, await signUp(t.http), { targetType: 'user', targetId: gone.id });
    expect((await deleteAccount(t, gone, { password: gone.password })).status).toBe(204);
    const beforeGone = await moderationState(t, gone.id);
    const res = await decide(ofGone.id, { action: 'warn', reason: 'Too late.' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TRUST.USER_NOT_FOUND');
    expect(await moderationState(t, gone.id)).toEqual(beforeGone);
  });

  it('is refused to plain users (403), changing nothing', async () => {
    const target = await signUp(t.http);
    const user = await signUp(t.http);
    const filed = await report(t, user, { targetType: 'user', targetId: target.id });
    const before = await moderationState(t, target.id);
    const res = await decide(filed.id, { action: 'ban', reason: 'I say so' }, user);
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(
      (await t.http.post(`/api/v1/admin/reports/${filed.id}/decision`).send({ action: 'dismiss' })).status,
    ).toBe(401);
    expect(await moderationState(t, target.id)).toEqual(before);
  });
});
