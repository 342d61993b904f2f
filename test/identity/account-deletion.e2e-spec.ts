import { emailKey } from '../../src/modules/identity/domain/email-key';
import { EventRelay } from '../../src/platform/events/event-relay';
import { tablesHolding as holding } from '../support/database-scan';
import {
  type PersonWithHistory,
  personWithHistory,
  deleteAccount as deleteAccountAs,
  staysInTurn,
} from '../support/erasure.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { allMessages, getConversation } from '../support/messaging.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Erasure of a person with a whole history: afterwards no row of any table in any schema names
 * them, and what others need (their conversation, the reviews, the books) is still there.
 * Refusals: account-deletion-refusals.e2e-spec.ts.
 */
describe('identity: account deletion (GDPR erasure)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Events move only when a test drains them: each step can be looked at before the next.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const deleteAccount = (user: SignedUpUser, body: Record<string, unknown>) => deleteAccountAs(t, user, body);
  const nextStay = staysInTurn();
  const tablesHolding = (needles: string[]) => holding(t.db, needles);

  describe('a person with a whole history', () => {
    let h: PersonWithHistory;
    let zelda: SignedUpUser;
    let ledgerBefore: { id: string; journal_key: string; amount: number }[];

    beforeAll(async () => {
      h = await personWithHistory(t, nextStay());
      zelda = h.zelda;
      ledgerBefore = await t.db.query(
        'SELECT id, journal_key, amount FROM payment.ledger_entries WHERE payer_id = $1 OR payee_id = $1 ORDER BY id',
        [zelda.id],
      );
    });

    it('holds the person in many places before, so the scan below can see them', async () => {
      const [sub] = await t.db.query('SELECT status FROM subscription.subscriptions WHERE id = $1', [
        h.subscriptionId,
      ]);
      expect(sub.status).toBe('active');
      expect(ledgerBefore.length).toBeGreaterThanOrEqual(4);
      const found = await tablesHolding([zelda.email, h.fullName, h.phone, h.displayName]);
      expect(found).toMatchObject({
        'identity.users': [zelda.email],
        'identity.profiles': expect.arrayContaining([h.fullName, h.phone, h.displayName]),
        'identity.data_exports': expect.arrayContaining([zelda.email, h.fullName, h.phone]),
        'mail.messages': expect.arrayContaining([zelda.email]),
        'rental.rentals': [h.phone],
        'rental.idempotency_keys': [h.phone],
      });
      expect(await tablesHolding([emailKey(zelda.email)])).toEqual({
        'platform.rate_limits': [emailKey(zelda.email)],
      });
    });

    it('erases the account (204), and every context erases or anonymises what it holds', async () => {
      const res = await deleteAccount(zelda, { password: zelda.password });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');

      // Her access token outlives the erasure by minutes, but promises nothing to anyone any more.
      const late = await t.http
        .post('/api/v1/rentals')
        .set(zelda.auth)
        .send({ productId: h.bobListing.id, ...nextStay() });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('IDENTITY.ACCOUNT_CLOSED');
      await drain();

      expect(await tablesHolding([zelda.email, h.fullName, h.phone, h.displayName])).toEqual({});
      // Nor a hash of the address, which whoever knows it could confirm.
      expect(await tablesHolding([emailKey(zelda.email)])).toEqual({});

      const [user] = await t.db.query(
        'SELECT status, email, password_hash, deleted_at, email_verified_at FROM identity.users WHERE id = $1',
        [zelda.id],
      );
      expect(user).toMatchObject({
        status: 'deleted',
        email: `deleted-${zelda.id}@deleted.invalid`,
        email_verified_at: null,
      });
      expect(user.password_hash).not.toMatch(/^\$2/);
      expect(user.deleted_at).toBeInstanceOf(Date);
      const [profile] = await t.db.query(
        `SELECT full_name, display_name, bio, avatar_url, phone, city, country, latitude, longitude
         FROM identity.profiles WHERE user_id = $1`,
        [zelda.id],
      );
      expect(profile).toEqual({
        full_name: 'Deleted user',
        display_name: 'Deleted user',
        bio: null,
        avatar_url: null,
        phone: null,
        city: null,
        country: null,
        latitude: null,
        longitude: null,
      });
      for (const table of ['refresh_tokens', 'account_tokens', 'data_exports', 'mfa_totp']) {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM identity.${table} WHERE user_id = $1`,
          [zelda.id],
        );
        expect({ table, n }).toEqual({ table, n: 0 });
      }
      const outbox = await t.db.query(
        `SELECT type, payload FROM identity.outbox_events WHERE type = 'identity.UserDeleted'`,
      );
      expect(outbox.map((e: { payload: { userId: string } }) => e.payload.userId)).toContain(zelda.id);

      // catalog: her listing withdrawn (soft), with its address and photos gone.
      const [listing] = await t.db.query(
        'SELECT deleted_at, street, latitude, owner_active FROM catalog.products WHERE id = $1',
        [h.zeldaListing.id],
      );
      expect(listing).toMatchObject({ street: null, latitude: null, owner_active: false });
      expect(listing.deleted_at).toBeInstanceOf(Date);
      expect(
        await t.db.query('SELECT 1 FROM catalog.product_images WHERE product_id = $1', [h.zeldaListing.id]),
      ).toEqual([]);
      expect((await t.http.get(`/api/v1/products/${h.zeldaListing.id}`)).status).toBe(404);

      // rental: the finished rental kept with ids only.
      const rentals = await t.db.query(
        'SELECT id, status, cancelled_by, notes FROM rental.rentals WHERE renter_id = $1 OR owner_id = $1',
        [zelda.id],
      );
      expect(rentals).toEqual([{ id: h.rental.id, status: 'completed', cancelled_by: null, notes: null }]);

      // payment: the books untouched and balanced, her card detached and forgotten.
      const ledgerAfter: { id: string }[] = await t.db.query(
        'SELECT id, journal_key, amount FROM payment.ledger_entries WHERE payer_id = $1 OR payee_id = $1 ORDER BY id',
        [zelda.id],
      );
      expect(ledgerAfter).toEqual(expect.arrayContaining(ledgerBefore));
      expect(
        await t.db.query(
          'SELECT journal_key FROM payment.ledger_entries GROUP BY journal_key HAVING sum(amount) <> 0',
        ),
      ).toEqual([]);
      const methods = await t.db.query(
        'SELECT removed_at, is_default, brand, last4, exp_month FROM payment.payment_methods WHERE user_id = $1',
        [zelda.id],
      );
      expect(methods).toHaveLength(1);
      expect(methods[0]).toMatchObject({ is_default: false, brand: null, last4: null, exp_month: null });
      expect(methods[0].removed_at).toBeInstanceOf(Date);

      // subscription: ended now.
      const [sub] = await t.db.query(
        'SELECT status, ended_at FROM subscription.subscriptions WHERE id = $1',
        [h.subscriptionId],
      );
      expect(sub.status).toBe('canceled');
      expect(sub.ended_at).toBeInstanceOf(Date);

      // Idempotency-Key answers of hers, in every context that keeps them.
      for (const schema of ['rental', 'messaging', 'payment', 'subscription']) {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM ${schema}.idempotency_keys WHERE user_id = $1`,
          [zelda.id],
        );
        expect({ schema, n }).toEqual({ schema, n: 0 });
      }
    });

    it('keeps the conversation for the other party, written by "Deleted user"', async () => {
      const conversation = await getConversation(t, h.bob, h.conversationId);
      expect(conversation.counterpart).toEqual({
        id: zelda.id,
        displayName: 'Deleted user',
        avatarUrl: null,
      });
      const texts = (await allMessages(t, h.bob, h.conversationId))
        .filter((m) => m.type === 'text')
        .map((m) => [m.senderId, m.body]);
      expect(texts).toEqual([
        [zelda.id, 'Can I pick it up at ten?'],
        [h.bob.id, 'Sure, see you at ten.'],
        [zelda.id, 'Thanks, on my way.'],
      ]);
    });

    it('keeps her reviews, signed "Deleted user"', async () => {
      const aboutBob = await t.http.get('/api/v1/review/user-reviews').query({ userId: h.bob.id });
      expect(aboutBob.status).toBe(200);
      expect(aboutBob.body.items).toEqual([
        expect.objectContaining({
          reviewer: { id: zelda.id, displayName: 'Deleted user', avatarUrl: null },
          body: 'Friendly owner, the drill was great.',
        }),
      ]);
      const ofDrill = await t.http
        .get('/api/v1/review/product-reviews')
        .query({ productId: h.bobListing.id });
      expect(ofDrill.body.items).toEqual([
        expect.objectContaining({
          reviewer: { id: zelda.id, displayName: 'Deleted user', avatarUrl: null },
          body: 'Drilled forty holes without a hitch.',
        }),
      ]);
      expect(
        await t.db.query('SELECT 1 FROM review.user_rating_stats WHERE user_id = $1', [zelda.id]),
      ).toEqual([]);
    });

    it('cannot sign in, refresh, or be seen as a person any more', async () => {
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ email: zelda.email, password: zelda.password });
      expect(login.status).toBe(401);
      expect(login.body.code).toBe('IDENTITY.INVALID_CREDENTIALS');
      const refresh = await t.http.post('/api/v1/auth/refresh').send({ refreshToken: zelda.refreshToken });
      expect(refresh.status).toBe(401);
      expect(refresh.body.code).toBe('IDENTITY.INVALID_REFRESH_TOKEN');
      expect((await t.http.get(`/api/v1/users/${zelda.id}`).set(h.bob.auth)).status).toBe(404);

      // The still-valid access token reaches nothing of the account, and cannot write a name back.
      expect((await t.http.get('/api/v1/auth/profile').set(zelda.auth)).status).toBe(404);
      const rename = await t.http.put('/api/v1/auth/profile').set(zelda.auth).send({ fullName: h.fullName });
      expect(rename.status).toBe(404);
      const again = await deleteAccount(zelda, { password: zelda.password });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('IDENTITY.USER_NOT_FOUND');
      expect(await tablesHolding([h.fullName])).toEqual({});
    });

    it('frees the address: the person may sign up again, as someone new', async () => {
      const again = await signUp(t.http, { email: zelda.email, fullName: h.fullName });
      expect(again.id).not.toBe(zelda.id);
    });
  });
});
