import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createRental, moveRental, runRentalJob, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const HOUR = 3_600_000;

describe('rental: scheduled expiry and completion', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    // JOBS_ENABLED=false: only runNow moves rentals here, at the instants the tests choose.
    t = await createTestApp({ JOBS_ENABLED: 'false', WRITE_RATE_LIMIT_PER_MINUTE: '100000' });
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
  });
  afterAll(() => t.close());

  const statusOf = async (id: string) =>
    (await t.db.query('SELECT status FROM rental.rentals WHERE id = $1', [id]))[0].status;
  const fresh = (): Promise<ProductBody> => createProduct(t, owner);

  it('expires a request the owner has not answered within 48 hours, freeing its dates', async () => {
    const product = await fresh();
    const rental = await createRental(t, renter, product, { startDate: utcDay(10), endDate: utcDay(12) });
    const created = Date.parse(rental.createdAt);

    expect(await runRentalJob(t, 'rental.expire-requests', new Date(created + 47 * HOUR))).toBe(true);
    expect(await statusOf(rental.id)).toBe('requested');

    await runRentalJob(t, 'rental.expire-requests', new Date(created + 48 * HOUR + 1000));
    expect(await statusOf(rental.id)).toBe('expired');
    expect(
      await t.db.query(
        'SELECT from_status, to_status, actor_role, actor_id FROM rental.rental_history WHERE rental_id = $1 AND to_status = $2',
        [rental.id, 'expired'],
      ),
    ).toEqual([{ from_status: 'requested', to_status: 'expired', actor_role: 'system', actor_id: null }]);
    const [event] = await t.db.query(
      `SELECT payload FROM rental.outbox_events WHERE type = 'rental.RentalExpired' AND payload->>'rentalId' = $1`,
      [rental.id],
    );
    expect(event.payload).toMatchObject({ status: 'expired', previousStatus: 'requested', actorId: null });
    expect(await t.db.query('SELECT id FROM rental.holds WHERE id = $1', [rental.id])).toEqual([]);
    await createRental(t, renter, product, { startDate: utcDay(10), endDate: utcDay(12) });

    const late = await t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(owner.auth)
      .send({ status: 'accepted' });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'RENTAL.ILLEGAL_TRANSITION', allowed: [] });
  });

  it('expires an unanswered request once its start date has passed', async () => {
    const product = await fresh();
    const today = await createRental(t, renter, product, { startDate: utcDay(0), endDate: utcDay(2) });
    const tomorrow = await createRental(t, renter, await fresh(), {
      startDate: utcDay(1),
      endDate: utcDay(3),
    });
    const nextMidnight = new Date(`${utcDay(1)}T00:01:00Z`);
    await runRentalJob(t, 'rental.expire-requests', nextMidnight);
    expect(await statusOf(today.id)).toBe('expired');
    expect(await statusOf(tomorrow.id)).toBe('requested');
  });

  it('leaves answered rentals alone', async () => {
    const rental = await createRental(t, renter, await fresh(), { startDate: utcDay(5), endDate: utcDay(7) });
    await moveRental(t, rental, owner, 'accepted');
    await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 100 * HOUR));
    expect(await statusOf(rental.id)).toBe('accepted');
  });

  it('skips a rental another transaction holds, and takes it on the next run', async () => {
    const rental = await createRental(t, renter, await fresh(), { startDate: utcDay(5), endDate: utcDay(7) });
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    try {
      await runner.query('SELECT id FROM rental.rentals WHERE id = $1 FOR UPDATE', [rental.id]);
      await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 49 * HOUR));
      expect(await statusOf(rental.id)).toBe('requested');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 49 * HOUR));
    expect(await statusOf(rental.id)).toBe('expired');
  });

  it('completes a returned rental once the 48-hour inspection window has closed', async () => {
    const rental = await createRental(t, renter, await fresh(), { startDate: utcDay(0), endDate: utcDay(2) });
    await moveRental(t, rental, owner, 'accepted');
    await moveRental(t, rental, owner, 'active');
    const returned = await moveRental(t, rental, owner, 'returned');
    const at = Date.parse(returned.returnedAt as string);

    await runRentalJob(t, 'rental.complete-returned', new Date(at + 47 * HOUR));
    expect(await statusOf(rental.id)).toBe('returned');

    const completion = new Date(at + 48 * HOUR + 1000);
    await runRentalJob(t, 'rental.complete-returned', completion);
    const [row] = await t.db.query('SELECT status, completed_at FROM rental.rentals WHERE id = $1', [
      rental.id,
    ]);
    expect(row).toEqual({ status: 'completed', completed_at: completion });
    const res = await t.http.get(`/api/v1/rentals/${rental.id}`).set(renter.auth);
    expect(res.body).toMatchObject({ status: 'completed', completedAt: completion.toISOString() });
    expect(res.body.history.at(-1)).toMatchObject({
      fromStatus: 'returned',
      toStatus: 'completed',
      actorRole: 'system',
      actorId: null,
    });
    const [event] = await t.db.query(
      `SELECT payload FROM rental.outbox_events WHERE type = 'rental.RentalCompleted' AND payload->>'rentalId' = $1`,
      [rental.id],
    );
    expect(event.payload).toMatchObject({ status: 'completed', previousStatus: 'returned', actorId: null });
  });
});
