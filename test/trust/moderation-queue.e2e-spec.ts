import { randomUUID } from 'node:crypto';
import { createProduct, signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { report } from '../support/trust.factory';

interface QueueItem {
  id: string;
  reporterId: string;
  targetType: string;
  targetId: string;
  targetUserId: string | null;
  target: Record<string, unknown>;
  status: string;
  openReportsOnTarget: number;
}

describe('trust: the moderation queue (GET /admin/reports, /admin/reports/{reportId})', () => {
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

  /** Every report of the queue with these filters, following the cursors. */
  async function wholeQueue(query: Record<string, string> = {}): Promise<QueueItem[]> {
    const items: QueueItem[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: { items: QueueItem[]; nextCursor: string | null } } = await t.http
        .get('/api/v1/admin/reports')
        .query({ ...query, limit: 3, ...(cursor ? { cursor } : {}) })
        .set(admin.auth);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor);
    return items;
  }

  describe('the queue', () => {
    it('lists open reports oldest first with their target, reporter and the open reports of the target', async () => {
      const owner = await signUp(t.http, { fullName: 'Queue Owner' });
      const listing = await createProduct(t, owner, { title: 'Queued drill' });
      const [r1, r2, r3] = await Promise.all([signUp(t.http), signUp(t.http), signUp(t.http)]);
      const first = await report(t, r1, { targetType: 'listing', targetId: listing.id }, { note: 'Fake' });
      const second = await report(t, r2, { targetType: 'user', targetId: owner.id });
      const third = await report(t, r3, { targetType: 'listing', targetId: listing.id });

      const mine = (await wholeQueue()).filter((i) => [first.id, second.id, third.id].includes(i.id));
      expect(mine.map((i) => i.id)).toEqual([first.id, second.id, third.id]);
      expect(mine[0]).toEqual({
        id: first.id,
        reporterId: r1.id,
        targetType: 'listing',
        targetId: listing.id,
        targetUserId: owner.id,
        target: {
          title: 'Queued drill',
          description: listing.description,
          dailyPrice: 2500,
          currency: 'EUR',
          ownerId: owner.id,
        },
        reason: 'scam',
        note: 'Fake',
        status: 'open',
        resolution: null,
        resolutionReason: null,
        resolutionNote: null,
        resolvedBy: null,
        resolvedAt: null,
        createdAt: first.createdAt,
        openReportsOnTarget: 2,
      });
      expect(mine.map((i) => i.openReportsOnTarget)).toEqual([2, 1, 2]);

      const users = await wholeQueue({ targetType: 'user' });
      expect(users.every((i) => i.targetType === 'user')).toBe(true);
      expect(users.map((i) => i.id)).toContain(second.id);
      expect(users.map((i) => i.id)).not.toContain(first.id);
      expect(await wholeQueue({ status: 'dismissed', targetType: 'review' })).toEqual([]);
    });

    it('refuses a malformed filter or cursor, and a cursor of another status', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ status: 'pending' }, 'status'],
        [{ targetType: 'rental' }, 'targetType'],
        [{ limit: '0' }, 'limit'],
        [{ limit: '101' }, 'limit'],
        [{ cursor: 'not a cursor' }, 'cursor'],
      ];
      for (const [query, field] of cases) {
        const res = await t.http.get('/api/v1/admin/reports').query(query).set(admin.auth);
        expect({ query, status: res.status }).toEqual({ query, status: 422 });
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const reporter = await signUp(t.http);
      for (const target of [await signUp(t.http), await signUp(t.http)])
        await report(t, reporter, { targetType: 'user', targetId: target.id });
      const open = await t.http.get('/api/v1/admin/reports').query({ limit: 1 }).set(admin.auth);
      expect(open.body.nextCursor).toEqual(expect.any(String));
      const mixed = await t.http
        .get('/api/v1/admin/reports')
        .query({ status: 'actioned', cursor: open.body.nextCursor })
        .set(admin.auth);
      expect(mixed.status).toBe(422);
      expect(mixed.body.code).toBe('TRUST.INVALID_CURSOR');
    });
  });

  describe('a report with its history', () => {
    it('shows the target’s other reports and the reports of the same person’s other content', async () => {
      const owner = await signUp(t.http, { fullName: 'History Owner' });
      const [listing, other] = [await createProduct(t, owner), await createProduct(t, owner)];
      const [r1, r2] = [await signUp(t.http), await signUp(t.http)];
      const main = await report(t, r1, { targetType: 'listing', targetId: listing.id });
      const sameTarget = await report(
        t,
        r2,
        { targetType: 'listing', targetId: listing.id },
        { reason: 'spam' },
      );
      const otherListing = await report(t, r1, { targetType: 'listing', targetId: other.id });
      const ofPerson = await report(t, r2, { targetType: 'user', targetId: owner.id });
      // Reports about someone else are not in this history.
      await report(t, r1, { targetType: 'user', targetId: r2.id });

      const res = await t.http.get(`/api/v1/admin/reports/${main.id}`).set(admin.auth);
      expect(res.status).toBe(200);
      expect(res.body.report).toMatchObject({ id: main.id, targetUserId: owner.id, openReportsOnTarget: 2 });
      expect(res.body.otherReportsOnTarget).toEqual([
        {
          id: sameTarget.id,
          reporterId: r2.id,
          targetType: 'listing',
          targetId: listing.id,
          reason: 'spam',
          note: null,
          status: 'open',
          resolution: null,
          resolutionReason: null,
          resolutionNote: null,
          resolvedBy: null,
          resolvedAt: null,
          createdAt: sameTarget.createdAt,
        },
      ]);
      expect(res.body.reportsOnOtherTargetsOfUser.map((r: { id: string }) => r.id)).toEqual([
        ofPerson.id,
        otherListing.id,
      ]);
      expect(res.body.sanctionsOfUser).toEqual([]);
    });

    it('answers 404 for an unknown report and 422 for a malformed id', async () => {
      const unknown = await t.http.get(`/api/v1/admin/reports/${randomUUID()}`).set(admin.auth);
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('TRUST.REPORT_NOT_FOUND');
      const malformed = await t.http.get('/api/v1/admin/reports/42').set(admin.auth);
      expect(malformed.status).toBe(422);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'reportId' })]);
    });
  });

  it('is for admins only: a plain user gets 403 and an anonymous caller 401', async () => {
    const user = await signUp(t.http);
    const mine = await report(t, user, { targetType: 'user', targetId: admin.id });
    for (const path of ['/api/v1/admin/reports', `/api/v1/admin/reports/${mine.id}`]) {
      expect((await t.http.get(path).set(user.auth)).status).toBe(403);
      expect((await t.http.get(path)).status).toBe(401);
    }
  });
});
