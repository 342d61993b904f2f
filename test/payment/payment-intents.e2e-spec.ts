import { randomUUID } from 'node:crypto';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { ProductBody } from '../support/catalog.factory';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { addPaymentMethod, drain, ledgerOf, rentalIntent } from '../support/payment.factory';
import { createRental, moveRental } from '../support/rental.factory';
import { expectOneAnswerOrInProgress } from '../support/idempotency-assertions';
import { createTestApp, type TestApp } from '../support/test-app';

describe('payment: payment intents', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    // No background relay or jobs: each test decides when events are delivered and jobs run.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
    owner = await signUp(t.http);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  let nextStart = 2;
  const newRental = (renter: SignedUpUser) => {
    const startDate = new Date(Date.now() + nextStart * 86_400_000).toISOString().slice(0, 10);
    nextStart += 5;
    return createRental(t, renter, product, { startDate });
  };
  const post = (user: SignedUpUser, body: object, key?: string) => {
    const req = t.http.post('/api/v1/payment/payment-intents').set(user.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const confirm = (user: SignedUpUser, id: string, body: object = {}, key?: string) => {
    const req = t.http.post(`/api/v1/payment/payment-intents/${id}/confirm`).set(user.auth);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };
  const sandboxIntents = async (reference: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM payment.sandbox_objects WHERE type = 'payment_intent'
         AND id IN (SELECT gateway_intent_id FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id WHERE i.reference = $1)`,
        [reference],
      )
    )[0].n;

  it('creates the intent of a rental from its quote (201), then answers with the same one (200); events add nothing', async () => {
    const renter = await signUp(t.http);
    const card = await addPaymentMethod(t, renter);
    const rental = await newRental(renter);
    const first = await post(renter, { rentalId: rental.id });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      rentalId: rental.id,
      status: 'authorized',
      amount: rental.quote.total,
      paymentMethodId: card.id,
    });
    const again = await post(renter, { rentalId: rental.id });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    await drain(t); // RentalRequested arrives late: the same intent, nothing held twice
    const rows = await t.db.query('SELECT id FROM payment.payment_intents WHERE rental_id = $1', [rental.id]);
    expect(rows).toEqual([{ id: first.body.id }]);
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -rental.quote.total,
      held_charge: rental.quote.subtotal + rental.quote.platformFee,
      held_deposit: rental.quote.deposit,
    });
  });

  it("refuses someone else's rental (404), a closed rental (409), and bodies naming zero or two targets (422)", async () => {
    const renter = await signUp(t.http);
    const stranger = await signUp(t.http);
    const rental = await newRental(renter);
    expect((await post(stranger, { rentalId: rental.id })).status).toBe(404);
    expect((await post(renter, { rentalId: randomUUID() })).status).toBe(404);
    expect((await post(renter, {})).body.code).toBe('PAYMENT.TARGET_REQUIRED');
    expect((await post(renter, { rentalId: rental.id, subscriptionId: randomUUID() })).status).toBe(422);
    expect((await post(renter, { rentalId: rental.id, amount: 1 })).status).toBe(422);
    await moveRental(t, rental, owner, 'declined');
    const closed = await post(renter, { rentalId: rental.id });
    expect(closed.status).toBe(409);
    expect(closed.body).toMatchObject({ code: 'PAYMENT.RENTAL_NOT_PAYABLE', rentalStatus: 'declined' });
    expect(
      await t.db.query('SELECT id FROM payment.payment_intents WHERE rental_id = $1', [rental.id]),
    ).toEqual([]);
  });

  it('shows an intent to its payer and payee only, and lists by filters', async () => {
    const renter = await signUp(t.http);
    const stranger = await signUp(t.http);
    await addPaymentMethod(t, renter);
    const rental = await newRental(renter);
    const { body: intent } = await post(renter, { rentalId: rental.id });
    expect((await t.http.get(`/api/v1/payment/payment-intents/${intent.id}`).set(stranger.auth)).status).toBe(
      404,
    );
    const payee = await t.http.get(`/api/v1/payment/payment-intents/${intent.id}`).set(owner.auth);
    expect(payee.status).toBe(200);
    expect(payee.body).toMatchObject({ role: 'payee', paymentMethodId: null, lastPaymentError: null });
    const mine = await t.http
      .get('/api/v1/payment/payment-intents?purpose=rental&status=authorized')
      .set(renter.auth);
    expect(mine.body).toMatchObject({ page: 1, limit: 20, total: 1 });
    expect(mine.body.items[0].id).toBe(intent.id);
    const none = await t.http.get('/api/v1/payment/payment-intents?status=refunded').set(renter.auth);
    expect(none.body.total).toBe(0);
    expect((await t.http.get('/api/v1/payment/payment-intents?status=bogus').set(renter.auth)).status).toBe(
      422,
    );
    expect((await t.http.get('/api/v1/payment/payment-intents').set(stranger.auth)).body.total).toBe(0);
  });

  it('gives concurrent retries with one Idempotency-Key one effect: its answer, or 409 while in flight; another body is 422', async () => {
    const renter = await signUp(t.http);
    const rental = await newRental(renter);
    const { body: intent } = await post(renter, { rentalId: rental.id });
    expect(intent.status).toBe('requires_payment_method');
    const card = await addPaymentMethod(t, renter);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        confirm(renter, intent.id, { paymentMethodId: card.id }, 'confirm-key-0001'),
      ),
    );
    const confirmed = expectOneAnswerOrInProgress(answers, 200);
    expect(confirmed).toMatchObject({ status: 'authorized' });
    const later = await confirm(renter, intent.id, { paymentMethodId: card.id }, 'confirm-key-0001');
    expect({ status: later.status, body: later.body }).toEqual({ status: 200, body: confirmed });
    expect(await sandboxIntents(`rental-${rental.id}`)).toBe(2); // the charge and the deposit, once each
    const ops = await t.db.query(
      'SELECT count(*)::int AS n FROM payment.gateway_operations WHERE intent_id = $1',
      [intent.id],
    );
    expect(ops[0].n).toBe(2);

    const other = await confirm(renter, intent.id, {}, 'confirm-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('lets concurrent confirmations without keys race safely: one authorization', async () => {
    const renter = await signUp(t.http);
    const rental = await newRental(renter);
    const { body: intent } = await post(renter, { rentalId: rental.id });
    await addPaymentMethod(t, renter);
    const answers = await Promise.all(Array.from({ length: 4 }, () => confirm(renter, intent.id)));
    for (const a of answers) expect([200, 409]).toContain(a.status);
    await t.app.get(JobScheduler).runNow('payment.reconcile-intents');
    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('authorized');
    expect(await sandboxIntents(`rental-${rental.id}`)).toBe(2);
    const authorizations = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.ledger_entries WHERE rental_id = $1 AND journal_type = 'authorization'`,
      [rental.id],
    );
    expect(authorizations[0].n).toBe(4); // two journals of two lines
  });

  it('converges after a crash between the gateway call and its record: same key, one charge', async () => {
    const renter = await signUp(t.http);
    const rental = await newRental(renter);
    const { body: intent } = await post(renter, { rentalId: rental.id });
    await addPaymentMethod(t, renter);
    // The database refuses to record the gateway's answer, as if the process died right after the call.
    await t.db.query(`
      CREATE FUNCTION payment.test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated crash'; END $$`);
    await t.db.query(
      `CREATE TRIGGER test_crash BEFORE UPDATE ON payment.payment_legs FOR EACH ROW
       WHEN (NEW.gateway_intent_id IS NOT NULL) EXECUTE FUNCTION payment.test_crash()`,
    );
    try {
      const crashed = await confirm(renter, intent.id);
      expect(crashed.status).toBe(500);
    } finally {
      await t.db.query('DROP TRIGGER test_crash ON payment.payment_legs');
      await t.db.query('DROP FUNCTION payment.test_crash()');
    }
    const [pending] = await t.db.query(
      `SELECT status FROM payment.gateway_operations WHERE idempotency_key = $1`,
      [`rental-${rental.id}-charge-authorize-1`],
    );
    expect(pending.status).toBe('pending'); // written before the call, never completed
    expect(await sandboxIntents(`rental-${rental.id}`)).toBe(0); // our record does not know the gateway's id yet
    const gatewaySide = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.sandbox_objects WHERE type = 'payment_intent' AND data->>'amount' = $1
       AND data->>'customer' = (SELECT gateway_customer_id FROM payment.customers WHERE user_id = $2)`,
      [String(rental.quote.subtotal + rental.quote.platformFee), renter.id],
    );
    expect(gatewaySide[0].n).toBe(1); // ...but the gateway did hold the money

    await t.db.query(
      `UPDATE payment.payment_intents SET updated_at = now() - interval '1 minute' WHERE id = $1`,
      [intent.id],
    );
    await t.app.get(JobScheduler).runNow('payment.reconcile-intents');

    expect((await rentalIntent(t, renter, rental.id))!.status).toBe('authorized');
    const after = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.sandbox_objects WHERE type = 'payment_intent'
       AND data->>'customer' = (SELECT gateway_customer_id FROM payment.customers WHERE user_id = $1)`,
      [renter.id],
    );
    expect(after[0].n).toBe(2); // the replayed charge hold plus the deposit: no second charge hold
    expect(await ledgerOf(t, rental.id)).toEqual({
      payer_funds: -rental.quote.total,
      held_charge: rental.quote.subtotal + rental.quote.platformFee,
      held_deposit: rental.quote.deposit,
    });
    const ops = await t.db.query('SELECT status FROM payment.gateway_operations WHERE intent_id = $1', [
      intent.id,
    ]);
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['succeeded', 'succeeded']);
  });
});

describe('payment: the ledger', () => {
  let t: TestApp;
  let entryId: string;
  beforeAll(async () => {
    t = await createTestApp();
    const owner = await signUp(t.http);
    const renter = await signUp(t.http);
    const product = await createProduct(t, owner);
    await addPaymentMethod(t, renter);
    const rental = await createRental(t, renter, product);
    await drain(t);
    [{ id: entryId }] = await t.db.query(
      'SELECT id FROM payment.ledger_entries WHERE rental_id = $1 LIMIT 1',
      [rental.id],
    );
  });
  afterAll(() => t.close());

  it.each([
    ['UPDATE', 'UPDATE payment.ledger_entries SET amount = amount + 1 WHERE id = $1'],
    ['DELETE', 'DELETE FROM payment.ledger_entries WHERE id = $1'],
  ])('refuses %s of a posted entry', async (_op, sql) => {
    await expect(t.db.query(sql, [entryId])).rejects.toThrow(/append-only/);
    expect(
      (await t.db.query('SELECT count(*)::int AS n FROM payment.ledger_entries WHERE id = $1', [entryId]))[0]
        .n,
    ).toBe(1);
  });

  it('refuses TRUNCATE', async () => {
    await expect(t.db.query('TRUNCATE payment.ledger_entries CASCADE')).rejects.toThrow(/append-only/);
  });

  it('refuses a journal whose lines do not balance, when the transaction commits', async () => {
    const [entry] = await t.db.query('SELECT * FROM payment.ledger_entries WHERE id = $1', [entryId]);
    const insert =
      (account: string, amount: number) => (m: { query: (s: string, p: unknown[]) => Promise<unknown> }) =>
        m.query(
          `INSERT INTO payment.ledger_entries (id, journal_key, journal_type, leg, account, amount, currency, intent_id, payer_id)
         VALUES ($1, 'test:unbalanced', 'refund', 'charge', $2, $3, 'EUR', $4, $5)`,
          [randomUUID(), account, amount, entry.intent_id, entry.payer_id],
        );
    await expect(
      t.db.transaction(async (m) => {
        await insert('payer_funds', 100)(m);
        await insert('platform_fee', -90)(m);
      }),
    ).rejects.toThrow(/does not balance/);
    await t.db.transaction(async (m) => {
      await insert('payer_funds', 100)(m);
      await insert('platform_fee', -100)(m);
    });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM payment.ledger_entries WHERE journal_key = 'test:unbalanced'`,
    );
    expect(n).toBe(2);
  });
});
