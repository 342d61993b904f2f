import { randomUUID } from 'node:crypto';
import { runSeeds } from '../../seeds';
import { linkIn, mailTo, smtpEnv } from '../support/account-mail';
import { createProduct, productBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { utcDay } from '../support/rental.factory';
import type { SmtpCapture } from '../support/smtp-capture';
import { startSmtpCapture } from '../support/smtp-capture';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

/** With IDENTITY_REQUIRE_VERIFIED_EMAIL on, an unverified account may browse but not list or rent. */
describe('identity: the verified-email rule', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await createTestApp({ ...smtpEnv(smtp), IDENTITY_REQUIRE_VERIFIED_EMAIL: 'true' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const verify = (token: string) => t.http.post('/api/v1/auth/email-verification').send({ token });
  const verificationOf = async (user: SignedUpUser) =>
    linkIn(await mailTo(t, smtp, user.email, 'Confirm your email address'), 'verify-email').token;

  const verifyBySql = (user: SignedUpUser) =>
    t.db.query('UPDATE identity.users SET email_verified_at = now() WHERE id = $1', [user.id]);

  it('lets an unverified owner keep drafts but not publish, at creation or later; verified, they can', async () => {
    const verifiedOwner = await signUp(t.http);
    await verifyBySql(verifiedOwner);
    const categoryId = (await createProduct(t, verifiedOwner)).category.id;
    const owner = await signUp(t.http);

    const active = await t.http.post('/api/v1/products').set(owner.auth).send(productBody(categoryId));
    expect(active.status).toBe(403);
    expect(active.body).toMatchObject({
      status: 403,
      code: 'IDENTITY.EMAIL_NOT_VERIFIED',
      resend: '/api/v1/account/email-verification',
    });
    const draft = await t.http
      .post('/api/v1/products')
      .set(owner.auth)
      .send(productBody(categoryId, { status: 'draft' }));
    expect(draft.status).toBe(201);
    const activate = await t.http
      .put(`/api/v1/products/${draft.body.id}`)
      .set(owner.auth)
      .send({ status: 'active' });
    expect(activate.status).toBe(403);
    expect(activate.body.code).toBe('IDENTITY.EMAIL_NOT_VERIFIED');
    const owned = await t.db.query('SELECT status, listed_at FROM catalog.products WHERE owner_id = $1', [
      owner.id,
    ]);
    expect(owned).toEqual([{ status: 'draft', listed_at: null }]);

    expect((await verify(await verificationOf(owner))).status).toBe(200);
    const now = await t.http
      .put(`/api/v1/products/${draft.body.id}`)
      .set(owner.auth)
      .send({ status: 'active' });
    expect(now.status).toBe(200);
    expect(now.body.status).toBe('active');
  });

  it('seeds demo users verified, so the demo owners and admin are not held back by the rule', async () => {
    await runSeeds(t.db, { bcryptCost: 4 });
    const rows: { unverified: number; demo: number }[] = await t.db.query(
      `SELECT count(*) FILTER (WHERE email_verified_at IS NULL)::int AS unverified, count(*)::int AS demo
       FROM identity.users WHERE email LIKE '%onesociety.local'`,
    );
    expect(rows[0].demo).toBeGreaterThan(1);
    expect(rows[0].unverified).toBe(0);
  });

  it('lets an unverified renter browse but not request a rental; verified, they can', async () => {
    const owner = await signUp(t.http);
    await verifyBySql(owner);
    const product = await createProduct(t, owner);
    const renter = await signUp(t.http);
    expect((await t.http.get(`/api/v1/products/${product.id}`).set(renter.auth)).status).toBe(200);
    const stay = { productId: product.id, startDate: utcDay(2), endDate: utcDay(5) };

    const refused = await t.http.post('/api/v1/rentals').set(renter.auth).send(stay);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      code: 'IDENTITY.EMAIL_NOT_VERIFIED',
      resend: '/api/v1/account/email-verification',
    });
    // The booking's checks are asked together: the first rule still answers, whatever else fails.
    const missing = await t.http
      .post('/api/v1/rentals')
      .set(renter.auth)
      .send({ ...stay, productId: randomUUID() });
    expect([missing.status, missing.body.code]).toEqual([403, 'IDENTITY.EMAIL_NOT_VERIFIED']);
    expect(await t.db.query('SELECT 1 FROM rental.rentals WHERE renter_id = $1', [renter.id])).toHaveLength(
      0,
    );

    expect((await verify(await verificationOf(renter))).status).toBe(200);
    const booked = await t.http.post('/api/v1/rentals').set(renter.auth).send(stay);
    expect(booked.status).toBe(201);
    expect(await t.db.query('SELECT 1 FROM rental.rentals WHERE renter_id = $1', [renter.id])).toHaveLength(
      1,
    );
  });
});
