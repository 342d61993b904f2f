import { randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { emailKey } from '../../src/modules/identity/domain/email-key';
import { EventRelay } from '../../src/platform/events/event-relay';
import { PersonalDataRegistry } from '../../src/platform/privacy/personal-data';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp, uniqueEmail } from '../support/identity.factory';
import { allMessages, getConversation, postText } from '../support/messaging.factory';
import type { ProductBody } from '../support/catalog.factory';
import { addPaymentMethod } from '../support/payment.factory';
import type { RentalBody } from '../support/rental.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import { reviewProduct, reviewUser } from '../support/review.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { gate } from '../support/waiting';

/** Tables whose rows change on their own or on any attempt (counters, job bookkeeping). */
const MOVING_TABLES = new Set(['platform.rate_limits', 'platform.job_runs']);

describe('identity: account deletion (GDPR erasure)', () => {
  let t: TestApp;
  let basicPlanId: string;
  beforeAll(async () => {
    // Events move only when a test drains them: each step can be looked at before the next.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    const plans = await t.http.get('/api/v1/subscription/plans');
    basicPlanId = plans.body.items.find((p: { code: string }) => p.code === 'basic').id;
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const deleteAccount = (user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.delete('/api/v1/account').set(user.auth).send(body);
  const key = () => `k-${randomBytes(8).toString('hex')}`;
  let nextStart = 2;
  const nextStay = () => {
    const stay = { startDate: utcDay(nextStart), endDate: utcDay(nextStart + 3) };
    nextStart += 5;
    return stay;
  };

  async function tables(): Promise<string[]> {
    const rows: { name: string }[] = await t.db.query(
      `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables
       WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
       ORDER BY 1`,
    );
    return rows.map((r) => r.name);
  }

  /**
   * Every table of every schema whose rows, cast whole to text (every column, jsonb and arrays
   * included), contain one of `needles`, case-insensitively: `{ table: [needles found] }`.
   */
  async function tablesHolding(needles: string[]): Promise<Record<string, string[]>> {
    const found: Record<string, string[]> = {};
    for (const table of await tables()) {
      for (const needle of needles) {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM ${table} t WHERE strpos(lower(t::text), lower($1)) > 0`,
          [needle],
        );
        if (n > 0) (found[table] ??= []).push(needle);
      }
    }
    return found;
  }

  /** Every row of every table as text, sorted, for "nothing changed" comparisons. */
  async function snapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const table of await tables()) {
      if (MOVING_TABLES.has(table)) continue;
      const rows: { row: string }[] = await t.db.query(`SELECT t::text AS row FROM ${table} t ORDER BY 1`);
      out[table] = rows.map((r) => r.row);
    }
    return out;
  }

  async function subscribe(user: SignedUpUser): Promise<{ id: string; status: string }> {
    const res = await t.http
      .post('/api/v1/subscription/subscriptions')
      .set(user.auth)
      .set('Idempotency-Key', key())
      .send({ planId: basicPlanId, billingCycle: 'monthly' });
    if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function completedRental(owner: SignedUpUser, renter: SignedUpUser, product: { id: string }) {
    const rental = await createRental(t, renter, product, nextStay());
    await drain();
    for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
      await moveRental(t, rental, owner, status);
      await drain();
    }
    return rental;
  }

  describe('a person with a whole history', () => {
    const fullName = `Zelda Quarrington-${randomBytes(3).toString('hex')}`;
    const phone = `+3519${randomInt(10_000_000, 99_999_999)}`;
    const displayName = `Zee${randomBytes(3).toString('hex')}`;
    let zelda: SignedUpUser;
    let bob: SignedUpUser;
    let zeldaListing: ProductBody;
    let bobListing: ProductBody;
    let rental: RentalBody;
    let conversationId: string;
    let ledgerBefore: { id: string; journal_key: string; amount: number }[];
    let subscriptionId: string;

    beforeAll(async () => {
      zelda = await signUp(t.http, { fullName, email: uniqueEmail('zelda') });
      // A mistyped password first: the sign-in counter of her address now holds a hash of it.
      await t.http
        .post('/api/v1/auth/login')
        .send({ email: zelda.email, password: 'wrong-Password-1' })
        .expect(401);
      bob = await signUp(t.http, { fullName: 'Bob Builder' });
      await t.http
        .put('/api/v1/auth/profile')
        .set(zelda.auth)
        .send({
          phone,
          displayName,
          bio: `Hello, I am ${fullName}.`,
          location: { city: 'Porto', country: 'PT' },
        })
        .expect(200);
      zeldaListing = await createProduct(t, zelda, {
        title: 'Garden ladder, 3 m',
        address: { street: 'Rua das Flores 12', city: 'Porto', country: 'PT', lat: 41.14, lng: -8.61 },
      });
      bobListing = await createProduct(t, bob, { title: 'Cordless drill of Bob' });
      // Bob asks about her ladder, a conversation she leaves behind.
      const inquiry = await t.http
        .post('/api/v1/messaging/conversations')
        .set(bob.auth)
        .set('Idempotency-Key', key())
        .send({ productId: zeldaListing.id, message: 'Is the ladder free on Saturday?' });
      expect(inquiry.status).toBe(201);
      expect(inquiry.body.counterpart.displayName).toBe(displayName);

      // Zelda rents Bob's drill to the end, with a card, a conversation and reviews both ways.
      const card = await t.http
        .post('/api/v1/payment/payment-methods')
        .set(zelda.auth)
        .set('Idempotency-Key', key())
        .send({ token: 'pm_card_visa', makeDefault: true });
      expect(card.status).toBe(201);
      const booked = await t.http
        .post('/api/v1/rentals')
        .set(zelda.auth)
        .set('Idempotency-Key', key())
        .send({ productId: bobListing.id, ...nextStay(), notes: `Call me on ${phone}` });
      expect(booked.status).toBe(201);
      rental = booked.body;
      await drain();
      const opened = await t.http
        .post('/api/v1/messaging/conversations')
        .set(zelda.auth)
        .set('Idempotency-Key', key())
        .send({ rentalId: rental.id, message: 'Can I pick it up at ten?' });
      expect(opened.status).toBe(201);
      conversationId = opened.body.id;
      await postText(t, bob, conversationId, 'Sure, see you at ten.');
      await postText(t, zelda, conversationId, 'Thanks, on my way.');
      for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
        await moveRental(t, rental, bob, status);
        await drain();
      }
      await reviewUser(t, zelda, rental, 5, 'Friendly owner, the drill was great.');
      await reviewUser(t, bob, rental, 4, 'Brought it back clean and on time.');
      await reviewProduct(t, zelda, {
        productId: bobListing.id,
        rentalId: rental.id,
        rating: 5,
        body: 'Drilled forty holes without a hitch.',
      });
      const subscription = await subscribe(zelda);
      subscriptionId = subscription.id;
      // A copy of all her data, assembled in the background.
      expect((await t.http.post('/api/v1/account/data-exports').set(zelda.auth)).status).toBe(202);
      await drain();
      ledgerBefore = await t.db.query(
        'SELECT id, journal_key, amount FROM payment.ledger_entries WHERE payer_id = $1 OR payee_id = $1 ORDER BY id',
        [zelda.id],
      );
    });

    it('holds the person in many places before, so the scan below can see them', async () => {
      const [sub] = await t.db.query('SELECT status FROM subscription.subscriptions WHERE id = $1', [
        subscriptionId,
      ]);
      expect(sub.status).toBe('active');
      expect(ledgerBefore.length).toBeGreaterThanOrEqual(4);
      const found = await tablesHolding([zelda.email, fullName, phone, displayName]);
      expect(found).toMatchObject({
        'identity.users': [zelda.email],
        'identity.profiles': expect.arrayContaining([fullName, phone, displayName]),
        'identity.data_exports': expect.arrayContaining([zelda.email, fullName, phone]),
        'mail.messages': expect.arrayContaining([zelda.email]),
        'rental.rentals': [phone],
        'rental.idempotency_keys': [phone],
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
        .send({ productId: bobListing.id, ...nextStay() });
      expect(late.status).toBe(401);
      expect(late.body.code).toBe('IDENTITY.ACCOUNT_CLOSED');
      await drain();

      expect(await tablesHolding([zelda.email, fullName, phone, displayName])).toEqual({});
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
        [zeldaListing.id],
      );
      expect(listing).toMatchObject({ street: null, latitude: null, owner_active: false });
      expect(listing.deleted_at).toBeInstanceOf(Date);
      expect(
        await t.db.query('SELECT 1 FROM catalog.product_images WHERE product_id = $1', [zeldaListing.id]),
      ).toEqual([]);
      expect((await t.http.get(`/api/v1/products/${zeldaListing.id}`)).status).toBe(404);

      // rental: the finished rental kept with ids only.
      const rentals = await t.db.query(
        'SELECT id, status, cancelled_by, notes FROM rental.rentals WHERE renter_id = $1 OR owner_id = $1',
        [zelda.id],
      );
      expect(rentals).toEqual([{ id: rental.id, status: 'completed', cancelled_by: null, notes: null }]);

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
        [subscriptionId],
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
      const conversation = await getConversation(t, bob, conversationId);
      expect(conversation.counterpart).toEqual({
        id: zelda.id,
        displayName: 'Deleted user',
        avatarUrl: null,
      });
      const texts = (await allMessages(t, bob, conversationId))
        .filter((m) => m.type === 'text')
        .map((m) => [m.senderId, m.body]);
      expect(texts).toEqual([
        [zelda.id, 'Can I pick it up at ten?'],
        [bob.id, 'Sure, see you at ten.'],
        [zelda.id, 'Thanks, on my way.'],
      ]);
    });

    it('keeps her reviews, signed "Deleted user"', async () => {
      const aboutBob = await t.http.get('/api/v1/review/user-reviews').query({ userId: bob.id });
      expect(aboutBob.status).toBe(200);
      expect(aboutBob.body.items).toEqual([
        expect.objectContaining({
          reviewer: { id: zelda.id, displayName: 'Deleted user', avatarUrl: null },
          body: 'Friendly owner, the drill was great.',
        }),
      ]);
      const ofDrill = await t.http.get('/api/v1/review/product-reviews').query({ productId: bobListing.id });
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
      expect((await t.http.get(`/api/v1/users/${zelda.id}`).set(bob.auth)).status).toBe(404);

      // The still-valid access token reaches nothing of the account, and cannot write a name back.
      expect((await t.http.get('/api/v1/auth/profile').set(zelda.auth)).status).toBe(404);
      const rename = await t.http.put('/api/v1/auth/profile').set(zelda.auth).send({ fullName });
      expect(rename.status).toBe(404);
      const again = await deleteAccount(zelda, { password: zelda.password });
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('IDENTITY.USER_NOT_FOUND');
      expect(await tablesHolding([fullName])).toEqual({});
    });

    it('frees the address: the person may sign up again, as someone new', async () => {
      const again = await signUp(t.http, { email: zelda.email, fullName });
      expect(again.id).not.toBe(zelda.id);
    });
  });

  describe('refusals', () => {
    let owner: SignedUpUser;
    let product: ProductBody;
    beforeAll(async () => {
      owner = await signUp(t.http, { fullName: 'Olga Owner' });
      product = await createProduct(t, owner);
    });

    it('refuses while a rental is unfinished (409 with the blockers), changing nothing', async () => {
      const renter = await signUp(t.http, { fullName: 'Rita Renter' });
      await addPaymentMethod(t, renter, 'pm_card_visa', true);
      const requested = await createRental(t, renter, product, nextStay());
      await drain();
      const before = await snapshot();

      const res = await deleteAccount(renter, { password: renter.password });
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 409, code: 'IDENTITY.ERASURE_BLOCKED' });
      expect(res.body.blockers).toEqual(
        expect.arrayContaining([
          { code: 'RENTAL.UNFINISHED_AS_RENTER', count: 1, detail: '1 rental you booked is not finished' },
          { code: 'PAYMENT.MONEY_HELD', count: 1, detail: '1 payment still holds money on a card' },
        ]),
      );
      expect(res.body.blockers).toHaveLength(2);
      await drain();
      expect(await snapshot()).toEqual(before);

      // Accepted: the charge is captured (the owner's payout now waits on the rental's end) and the
      // deposit stays held until the return.
      await moveRental(t, requested, owner, 'accepted');
      await drain();
      const accepted = await snapshot();
      const ofOwner = await deleteAccount(owner, { password: owner.password });
      expect(ofOwner.status).toBe(409);
      expect(ofOwner.body.blockers).toEqual(
        expect.arrayContaining([
          {
            code: 'RENTAL.UNFINISHED_AS_OWNER',
            count: 1,
            detail: '1 rental of your listings is not finished',
          },
          { code: 'PAYMENT.MONEY_HELD', count: 1, detail: '1 payment still holds money on a card' },
          {
            code: 'PAYMENT.PAYOUT_PENDING',
            count: 1,
            detail: '1 payment owed to you belongs to rentals not completed yet',
          },
        ]),
      );
      expect(ofOwner.body.blockers).toHaveLength(3);
      await drain();
      expect(await snapshot()).toEqual(accepted);
    });

    it("ends the requests made while the deletion was under way, as the person's own moves", async () => {
      const xena = await signUp(t.http, { fullName: 'Xena Moment' });
      const yann = await signUp(t.http, { fullName: 'Yann Renter' });
      const xenaListing = await createProduct(t, xena);
      // The blockers are asked before the erasure's transaction: hold them there while both sides
      // of a new rental are requested, as could happen in that moment.
      const asked = gate();
      const release = gate();
      let armed = true;
      t.app.get(PersonalDataRegistry).registerErasureBlockers('test-moment-between', async () => {
        if (!armed) return [];
        armed = false;
        asked.open();
        await release.opened;
        return [];
      });
      const deletion = deleteAccount(xena, { password: xena.password }).then((res) => res);
      await asked.opened;
      const asRenter = await createRental(t, xena, product, nextStay());
      const asOwner = await createRental(t, yann, xenaListing, nextStay());
      release.open();
      expect((await deletion).status).toBe(204);
      await drain();

      const rows = await t.db.query(
        `SELECT r.id, r.status, r.cancelled_by, h.actor_role, h.actor_id
         FROM rental.rentals r JOIN rental.rental_history h ON h.rental_id = r.id AND h.to_status = r.status
         WHERE r.id = ANY($1::uuid[])`,
        [[asRenter.id, asOwner.id]],
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          {
            id: asRenter.id,
            status: 'cancelled',
            cancelled_by: 'renter',
            actor_role: 'renter',
            actor_id: xena.id,
          },
          { id: asOwner.id, status: 'declined', cancelled_by: null, actor_role: 'owner', actor_id: xena.id },
        ]),
      );
      expect(rows).toHaveLength(2);
      // Their dates are free again, and no money stays held for them.
      expect(
        await t.db.query('SELECT 1 FROM rental.holds WHERE rental_id = ANY($1::uuid[])', [
          [asRenter.id, asOwner.id],
        ]),
      ).toEqual([]);
    });

    it('lets go once the rentals are over', async () => {
      const renter = await signUp(t.http, { fullName: 'Finn Finished' });
      await addPaymentMethod(t, renter, 'pm_card_visa', true);
      await completedRental(owner, renter, product);
      expect((await deleteAccount(renter, { password: renter.password })).status).toBe(204);
    });

    it('refuses a wrong password (403), changing nothing', async () => {
      const user = await signUp(t.http, { fullName: 'Wanda Wrong' });
      const before = await snapshot();
      const res = await deleteAccount(user, { password: 'not-the-Password-1' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IDENTITY.CURRENT_PASSWORD_WRONG');
      expect(await snapshot()).toEqual(before);
      const login = await t.http
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: user.password });
      expect(login.status).toBe(200);
    });

    it('asks for the second factor when TOTP is on', async () => {
      const user = await signUp(t.http, { fullName: 'Tess Totp' });
      const enrol = await t.http
        .post('/api/v1/account/mfa/totp')
        .set(user.auth)
        .send({ password: user.password });
      expect(enrol.status).toBe(201);
      const totp = new TOTP({ secret: Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
      const confirm = await t.http
        .post('/api/v1/account/mfa/totp/confirm')
        .set(user.auth)
        .send({ code: totp.generate() });
      expect(confirm.status).toBe(200);
      const recoveryCodes: string[] = confirm.body.recoveryCodes;
      const before = await snapshot();

      const bare = await deleteAccount(user, { password: user.password });
      expect(bare.status).toBe(422);
      expect(bare.body.code).toBe('IDENTITY.MFA_PROOF_REQUIRED');
      const valid = new Set([-30_000, 0, 30_000].map((d) => totp.generate({ timestamp: Date.now() + d })));
      const wrong = ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c));
      const refused = await deleteAccount(user, { password: user.password, code: wrong });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('IDENTITY.MFA_CODE_INVALID');
      expect(await snapshot()).toEqual(before);

      const res = await deleteAccount(user, { password: user.password, recoveryCode: recoveryCodes[0] });
      expect(res.status).toBe(204);
      for (const table of ['mfa_totp', 'mfa_recovery_codes', 'mfa_challenges']) {
        const [{ n }] = await t.db.query(
          `SELECT count(*)::int AS n FROM identity.${table} WHERE user_id = $1`,
          [user.id],
        );
        expect({ table, n }).toEqual({ table, n: 0 });
      }
    });

    it('needs a signed-in caller and a password (401, 422)', async () => {
      expect((await t.http.delete('/api/v1/account').send({ password: 'x' })).status).toBe(401);
      const user = await signUp(t.http);
      const missing = await deleteAccount(user, {});
      expect(missing.status).toBe(422);
      const unknown = await deleteAccount(user, { password: user.password, force: true });
      expect(unknown.status).toBe(422);
      const [row] = await t.db.query('SELECT status FROM identity.users WHERE id = $1', [user.id]);
      expect(row.status).toBe('active');
    });
  });
});
