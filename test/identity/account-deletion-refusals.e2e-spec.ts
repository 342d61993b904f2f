import { Secret, TOTP } from 'otpauth';
import { EventRelay } from '../../src/platform/events/event-relay';
import { PersonalDataRegistry } from '../../src/platform/privacy/personal-data';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import { databaseRows } from '../support/database-scan';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod } from '../support/payment.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { gate } from '../support/waiting';
import { deleteAccount as deleteAccountAs, staysInTurn } from '../support/erasure.factory';

/** What DELETE /api/v1/account refuses, changing nothing, and what it ends on its way. */
describe('identity: account deletion, refusals and the moment between', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Events move only when a test drains them: each step can be looked at before the next.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  const drain = () => t.app.get(EventRelay).drain();
  const deleteAccount = (user: SignedUpUser, body: Record<string, unknown>) => deleteAccountAs(t, user, body);
  const nextStay = staysInTurn();
  const snapshot = () => databaseRows(t.db);

  async function completedRental(owner: SignedUpUser, renter: SignedUpUser, product: { id: string }) {
    const rental = await createRental(t, renter, product, nextStay());
    await drain();
    for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
      await moveRental(t, rental, owner, status);
      await drain();
    }
    return rental;
  }

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
      // null is not a proof: a 422 naming the field, never the TypeError (500) it once was.
      for (const field of ['code', 'recoveryCode']) {
        const nulled = await deleteAccount(user, { password: user.password, [field]: null });
        expect({ field, status: nulled.status, code: nulled.body.code }).toEqual({
          field,
          status: 422,
          code: 'VALIDATION.FAILED',
        });
      }
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
