import { EXPIRE_SUSPENSIONS_JOB } from '../../src/modules/trust/application/sanction-expiry.job';
import { EventRelay } from '../../src/platform/events/event-relay';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { auditEntriesFor } from '../support/audit.factory';
import { signUpAdmin } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { mfaClient } from '../support/mfa.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { createRental, moveRental, runRentalJob, utcDay } from '../support/rental.factory';
import { liftSanction, sanction, suspend } from '../support/sanction.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { ids, searchScope } from '../catalog/search.helpers';

/**
 * What a suspension does in the other contexts, through trust's events and TrustApi, over real
 * HTTP: identity ends the sessions and refuses sign-ins; all of it comes back once the user is
 * reinstated (lifted or expired).
 */
describe('trust: what a suspension does elsewhere', () => {
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
  const login = (user: SignedUpUser) =>
    t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
  const refresh = (refreshToken: string) => t.http.post('/api/v1/auth/refresh').send({ refreshToken });
  const account = async (userId: string) =>
    (await t.db.query('SELECT status, suspended_until FROM identity.users WHERE id = $1', [userId]))[0] as {
      status: string;
      suspended_until: Date | null;
    };
  const liveTokens = async (userId: string) =>
    (
      await t.db.query(
        'SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
        [userId],
      )
    )[0].n as number;
  /** Moves a suspension's end into the past, as time passing would, for the expiry job to find. */
  const endNow = (sanctionId: string) =>
    t.db.query(
      `UPDATE trust.sanctions SET starts_at = now() - interval '2 days', ends_at = now() - interval '1 second'
       WHERE id = $1`,
      [sanctionId],
    );

  describe('identity', () => {
    it('ends every session and refuses sign-in (naming the end) and refresh; a lift lets them in again', async () => {
      const user = await signUp(t.http);
      const second = await login(user);
      expect(second.status).toBe(200);
      expect(await liveTokens(user.id)).toBe(2);

      const s = await suspend(t, admin, user, 7);
      await drain();
      expect(await account(user.id)).toEqual({ status: 'suspended', suspended_until: new Date(s.endsAt!) });
      expect(await liveTokens(user.id)).toBe(0);
      for (const token of [user.refreshToken, second.body.refreshToken]) {
        const res = await refresh(token);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
      }
      const refused = await login(user);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'IDENTITY.ACCOUNT_SUSPENDED', until: s.endsAt });
      expect(await liveTokens(user.id)).toBe(0);
      const audited = await auditEntriesFor(t.db, { targetId: user.id });
      // One transaction, one timestamp: in the order of their names.
      const identityEntries = audited.filter((a) => a.action.startsWith('identity.'));
      expect(identityEntries.sort((a, b) => a.action.localeCompare(b.action))).toEqual([
        expect.objectContaining({
          action: 'identity.account_suspended',
          actor_role: 'system',
          details: { until: s.endsAt },
        }),
        expect.objectContaining({
          action: 'identity.sessions_revoked',
          actor_role: 'system',
          details: { sessionsRevoked: 2, cause: 'suspended' },
        }),
      ]);

      await liftSanction(t, admin, s.id);
      await drain();
      expect(await account(user.id)).toEqual({ status: 'active', suspended_until: null });
      expect((await login(user)).status).toBe(200);
      // Sessions ended by the suspension stay ended.
      expect((await refresh(user.refreshToken)).status).toBe(401);
    });

    it('follows a second sanction arriving before reinstatement, and a lift that leaves one standing', async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 7);
      const ban = await sanction(t, admin, user, { kind: 'ban' });
      await drain();
      expect(await account(user.id)).toEqual({ status: 'suspended', suspended_until: null });
      expect((await login(user)).body).toMatchObject({ code: 'IDENTITY.ACCOUNT_SUSPENDED', until: null });

      await liftSanction(t, admin, ban.id);
      await drain();
      expect(await account(user.id)).toEqual({ status: 'suspended', suspended_until: new Date(s.endsAt!) });
      expect((await login(user)).body).toMatchObject({ until: s.endsAt });

      const [handled] = await t.db.query(
        `SELECT count(*)::int AS n FROM identity.inbox_events WHERE handler = 'identity.suspend-account'
           AND event_id IN (SELECT id FROM trust.outbox_events WHERE payload->>'userId' = $1)`,
        [user.id],
      );
      expect(handled.n).toBe(3);
      // Redelivering every one of them changes nothing: no audit entry, no state, no session touched.
      const audited = await auditEntriesFor(t.db, { targetId: user.id });
      await t.db.query(`UPDATE trust.outbox_events SET published_at = NULL WHERE payload->>'userId' = $1`, [
        user.id,
      ]);
      await drain();
      expect(await auditEntriesFor(t.db, { targetId: user.id })).toEqual(audited);
      expect(await account(user.id)).toEqual({ status: 'suspended', suspended_until: new Date(s.endsAt!) });
    });

    it('refuses finishing a second-factor sign-in begun before the suspension', async () => {
      const mfa = mfaClient(() => t);
      const { user, authenticator } = await mfa.enrolled();
      const challengeToken = await mfa.challengeFor(user);
      const s = await suspend(t, admin, user, 3);
      await drain();
      const res = await mfa.complete({ challengeToken, code: authenticator.nextCode() });
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'IDENTITY.ACCOUNT_SUSPENDED', until: s.endsAt });
      expect(await liveTokens(user.id)).toBe(0);
    });

    it('an expired suspension reinstates the user through the job', async () => {
      const user = await signUp(t.http);
      const s = await suspend(t, admin, user, 1);
      await drain();
      expect((await login(user)).status).toBe(403);
      await endNow(s.id);
      expect(await t.app.get(JobScheduler).runNow(EXPIRE_SUSPENSIONS_JOB)).toBe(true);
      await drain();
      expect(await account(user.id)).toEqual({ status: 'active', suspended_until: null });
      expect((await login(user)).status).toBe(200);
    });
  });
  describe('catalog', () => {
    /** An owner with a listing in a fresh category, and someone looking for it. */
    async function listed() {
      const [owner, viewer] = await Promise.all([signUp(t.http), signUp(t.http)]);
      const scope = await searchScope(t, owner);
      const product = await scope.add({ title: 'Ladder' });
      const other = await scope.add({ title: 'Ladder' }, viewer);
      return { owner, viewer, scope, product, other };
    }
    const detail = (id: string, as?: SignedUpUser) => {
      const req = t.http.get(`/api/v1/products/${id}`);
      return as ? req.set(as.auth) : req;
    };

    it('hides the listings from search and detail for all but the owner, until lifted', async () => {
      const { owner, viewer, scope, product, other } = await listed();
      const s = await suspend(t, admin, owner, 5);
      await drain();
      for (const as of [undefined, viewer]) {
        const found = await scope.search({}, as);
        expect(ids(found.body)).toEqual([other.id]);
        expect(found.body.total).toBe(1);
        const res = await detail(product.id, as);
        expect(res.status).toBe(404);
        expect(res.body.code).toBe('CATALOG.PRODUCT_NOT_FOUND');
      }
      // The owner (whose access token lives on for minutes) still sees their own listing.
      const own = await detail(product.id, owner);
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ id: product.id, owner: null });
      // A listing made meanwhile is hidden too.
      const late = await scope.add({ title: 'Ladder' }, owner);
      expect((await detail(late.id, viewer)).status).toBe(404);
      expect(ids((await scope.search({})).body)).toEqual([other.id]);

      await liftSanction(t, admin, s.id);
      await drain();
      expect(ids((await scope.search({ sort: 'newest' })).body).sort()).toEqual(
        [product.id, other.id, late.id].sort(),
      );
      expect((await detail(product.id, viewer)).status).toBe(200);
      expect((await detail(late.id)).body).toMatchObject({ owner: { id: owner.id } });
    });

    it('brings the listings back when the suspension expires', async () => {
      const { owner, scope, product, other } = await listed();
      const s = await suspend(t, admin, owner, 1);
      await drain();
      expect(ids((await scope.search({})).body)).toEqual([other.id]);
      await endNow(s.id);
      await t.app.get(JobScheduler).runNow(EXPIRE_SUSPENSIONS_JOB);
      await drain();
      expect(ids((await scope.search({})).body).sort()).toEqual([product.id, other.id].sort());
      expect((await detail(product.id)).status).toBe(200);
    });
  });
  describe('events delivered out of order', () => {
    /**
     * A ban, then its lift, delivered the other way round: what happens when instances' clocks
     * differ or the first delivery is retried later. Each event's sequence says which is newer.
     */
    it('a lift delivered before its ban leaves the account and the listings as the lift said', async () => {
      const owner = await signUp(t.http);
      const viewer = await signUp(t.http);
      const scope = await searchScope(t, owner);
      const product = await scope.add({ title: 'Ladder' });
      const ban = await sanction(t, admin, owner, { kind: 'ban' });
      await liftSanction(t, admin, ban.id);
      const events: { id: string; type: string; sequence: number }[] = await t.db.query(
        `SELECT id, type, (payload->>'sequence')::int AS sequence FROM trust.outbox_events
         WHERE payload->>'userId' = $1 AND type IN ('trust.UserSuspended', 'trust.UserReinstated')
         ORDER BY occurred_at, id`,
        [owner.id],
      );
      expect(events.map((e) => e.type)).toEqual(['trust.UserSuspended', 'trust.UserReinstated']);
      expect(events[1].sequence).toBeGreaterThan(events[0].sequence);
      // The lift first: the ban's event now looks older than the lift's to the relay.
      await t.db.query(
        `UPDATE trust.outbox_events SET occurred_at = occurred_at + interval '1 hour' WHERE id = $1`,
        [events[0].id],
      );
      await drain();
      const handled = await t.db.query(
        `SELECT handler FROM identity.inbox_events WHERE event_id = ANY($1) ORDER BY handler`,
        [events.map((e) => e.id)],
      );
      expect(handled.map((h: { handler: string }) => h.handler)).toEqual([
        'identity.reinstate-account',
        'identity.suspend-account',
      ]);
      expect(await account(owner.id)).toEqual({ status: 'active', suspended_until: null });
      expect((await login(owner)).status).toBe(200);
      const [record] = await t.db.query(
        'SELECT restricted, sequence::int AS sequence FROM catalog.owner_restrictions WHERE owner_id = $1',
        [owner.id],
      );
      expect(record).toEqual({ restricted: false, sequence: events[1].sequence });
      expect((await t.http.get(`/api/v1/products/${product.id}`).set(viewer.auth)).status).toBe(200);
    });
  });

  describe('rentals and messages', () => {
    async function pair() {
      const [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
      const scope = await searchScope(t, owner);
      const product = await scope.add({ title: 'Tent' });
      return { owner, renter, product };
    }
    const count = async (sql: string, params: unknown[]) => (await t.db.query(sql, params))[0].n as number;
    const rentalsOf = (renterId: string) =>
      count('SELECT count(*)::int AS n FROM rental.rentals WHERE renter_id = $1', [renterId]);
    const messagesBy = (userId: string) =>
      count('SELECT count(*)::int AS n FROM messaging.messages WHERE sender_id = $1', [userId]);
    const requestRental = (renter: SignedUpUser, productId: string, start = 2) =>
      t.http
        .post('/api/v1/rentals')
        .set(renter.auth)
        .send({ productId, startDate: utcDay(start), endDate: utcDay(start + 2) });
    const expectProblem = (
      res: { status: number; body: Record<string, unknown> },
      status: number,
      code: string,
    ) => {
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
    };

    it('a suspended person cannot request a rental, open a conversation or post, from the moment it is decided', async () => {
      const { owner, renter, product } = await pair();
      const conversation = await openConversation(t, renter, { productId: product.id }, 'Still free?');
      const messagesBefore = await messagesBy(renter.id);
      const s = await suspend(t, admin, renter, 3);

      // Trust's own record answers before any event is delivered, and after.
      for (const delivered of [false, true]) {
        if (delivered) await drain();
        expectProblem(await requestRental(renter, product.id), 403, 'RENTAL.ACCOUNT_RESTRICTED');
        expectProblem(
          await t.http
            .post('/api/v1/messaging/conversations')
            .set(renter.auth)
            .send({ productId: product.id, message: 'Hello?' }),
          403,
          'MESSAGING.ACCOUNT_RESTRICTED',
        );
        expectProblem(
          await t.http
            .post(`/api/v1/messaging/conversations/${conversation.id}/messages`)
            .set(renter.auth)
            .send({ type: 'text', body: 'Anyone?' }),
          403,
          'MESSAGING.ACCOUNT_RESTRICTED',
        );
      }
      expect(await rentalsOf(renter.id)).toBe(0);
      expect(await messagesBy(renter.id)).toBe(messagesBefore);
      // The other person may still write to them; their past messages stay.
      await postText(t, owner, conversation.id, 'It is.');

      await liftSanction(t, admin, s.id);
      await drain();
      await createRental(t, renter, product, { startDate: utcDay(2), endDate: utcDay(4) });
      await postText(t, renter, conversation.id, 'Booked it!');
      expect(await rentalsOf(renter.id)).toBe(1);
    });

    it("a suspended owner's products cannot be rented (409, not saying why), nor their requests accepted; nothing is cancelled", async () => {
      const { owner, renter, product } = await pair();
      const [pendingRenter, newcomer] = await Promise.all([signUp(t.http), signUp(t.http)]);
      const accepted = await createRental(t, renter, product, { startDate: utcDay(1), endDate: utcDay(3) });
      await moveRental(t, accepted, owner, 'accepted');
      const pending = await createRental(t, pendingRenter, product, {
        startDate: utcDay(5),
        endDate: utcDay(7),
      });
      const s = await suspend(t, admin, owner, 10);

      for (const delivered of [false, true]) {
        if (delivered) await drain();
        const res = await requestRental(newcomer, product.id, 9);
        expectProblem(res, 409, 'RENTAL.PRODUCT_NOT_RENTABLE');
        expect(JSON.stringify(res.body)).not.toMatch(/suspend|ban|restrict/i);
      }
      expect(await rentalsOf(newcomer.id)).toBe(0);
      // The owner's access token lives on for minutes: it cannot accept a pending request.
      const accept = await t.http
        .put(`/api/v1/rentals/${pending.id}`)
        .set(owner.auth)
        .send({ status: 'accepted' });
      expectProblem(accept, 403, 'RENTAL.ACCOUNT_RESTRICTED');
      // The accepted rental runs on (handed over), and the pending request expires as usual.
      expect((await moveRental(t, accepted, owner, 'active')).status).toBe('active');
      expect(await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 49 * 3_600_000))).toBe(
        true,
      );
      const statuses = await t.db.query(
        'SELECT id, status FROM rental.rentals WHERE product_id = $1 ORDER BY id',
        [product.id],
      );
      expect(
        Object.fromEntries(statuses.map((r: { id: string; status: string }) => [r.id, r.status])),
      ).toEqual({
        [accepted.id]: 'active',
        [pending.id]: 'expired',
      });

      await liftSanction(t, admin, s.id);
      await drain();
      await createRental(t, newcomer, product, { startDate: utcDay(9), endDate: utcDay(11) });
    });

    it("nothing new starts with them either: no inquiry to a suspended owner, no acceptance of a suspended renter's request", async () => {
      const { owner, renter, product } = await pair();
      const asker = await signUp(t.http);
      const pending = await createRental(t, renter, product, { startDate: utcDay(3), endDate: utcDay(5) });
      const banOwner = await sanction(t, admin, owner, { kind: 'ban' });
      // Their listing is hidden, so an inquiry about it finds nothing (never saying why).
      const inquiry = await t.http
        .post('/api/v1/messaging/conversations')
        .set(asker.auth)
        .send({ productId: product.id, message: 'Is it free?' });
      expectProblem(inquiry, 404, 'MESSAGING.PRODUCT_NOT_FOUND');
      expect(
        await count('SELECT count(*)::int AS n FROM messaging.conversation_participants WHERE user_id = $1', [
          asker.id,
        ]),
      ).toBe(0);
      await liftSanction(t, admin, banOwner.id);

      await sanction(t, admin, renter, { kind: 'ban' });
      const accept = await t.http
        .put(`/api/v1/rentals/${pending.id}`)
        .set(owner.auth)
        .send({ status: 'accepted' });
      expectProblem(accept, 409, 'RENTAL.RENTER_UNAVAILABLE');
      const [row] = await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [pending.id]);
      expect(row.status).toBe('requested');
      // Declining it stays possible.
      expect((await moveRental(t, pending, owner, 'declined')).status).toBe('declined');
    });

    it('an accepted rental of a suspended renter runs to its end', async () => {
      const { owner, renter, product } = await pair();
      const rental = await createRental(t, renter, product, { startDate: utcDay(0), endDate: utcDay(2) });
      await moveRental(t, rental, owner, 'accepted');
      await sanction(t, admin, renter, { kind: 'ban' });
      await drain();
      for (const status of ['active', 'returned', 'completed'] as const)
        expect((await moveRental(t, rental, owner, status)).status).toBe(status);
    });
  });
});
