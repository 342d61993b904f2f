import { RentalCancellationPolicies1764000001701 } from '../../migrations/rental/1764000001701-cancellation-policies';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { createRental, moveRental, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

/**
 * The migration that brought policies, on rentals that existed before it: run down (as the schema
 * was) and up again over real rows, which get `flexible` and the refund the rule of their day gave.
 */
describe('rental: the cancellation-policies migration backfills existing rentals', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
  });
  afterAll(() => t.close());

  it('gives old rentals flexible, and cancelled ones the refund they had: subtotal for a renter after acceptance, everything otherwise', async () => {
    const product = await createProduct(t, owner, { rules: { cancellationPolicy: 'strict' } });
    const stay = (start: number) => ({ startDate: utcDay(start), endDate: utcDay(start + 2) });
    const open = await createRental(t, renter, product, stay(2));
    const withdrawn = await createRental(t, renter, product, stay(6));
    await moveRental(t, withdrawn, renter, 'cancelled');
    const lateRenter = await createRental(t, renter, product, stay(10));
    await moveRental(t, lateRenter, owner, 'accepted');
    await moveRental(t, lateRenter, renter, 'cancelled');
    const byOwner = await createRental(t, renter, product, stay(14));
    await moveRental(t, byOwner, owner, 'accepted');
    await moveRental(t, byOwner, owner, 'cancelled');

    const migration = new RentalCancellationPolicies1764000001701();
    const runner = t.db.createQueryRunner();
    try {
      await migration.down(runner);
      const [{ columns }] = await runner.query(
        `SELECT count(*)::int AS columns FROM information_schema.columns
         WHERE table_schema = 'rental' AND table_name = 'rentals' AND column_name LIKE 'cancellation_%'`,
      );
      expect(columns).toBe(0);
      await migration.up(runner);
    } finally {
      await runner.release();
    }

    const rows: { id: string; policy: string; refund: number | null }[] = await t.db.query(
      `SELECT id, cancellation_policy AS policy, cancellation_refund::int AS refund FROM rental.rentals
       WHERE product_id = $1`,
      [product.id],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.id, { policy: r.policy, refund: r.refund }]));
    const everything = (r: typeof open) => r.quote.subtotal + r.quote.platformFee;
    expect(byId).toEqual({
      [open.id]: { policy: 'flexible', refund: null },
      [withdrawn.id]: { policy: 'flexible', refund: everything(withdrawn) },
      // Under the strict policy it was booked with it got nothing back: before policies, the subtotal.
      [lateRenter.id]: { policy: 'flexible', refund: lateRenter.quote.subtotal },
      [byOwner.id]: { policy: 'flexible', refund: everything(byOwner) },
    });
    // A new rental must name its policy: the column has no default once the backfill is done.
    const [{ column_default }] = await t.db.query(
      `SELECT column_default FROM information_schema.columns
       WHERE table_schema = 'rental' AND table_name = 'rentals' AND column_name = 'cancellation_policy'`,
    );
    expect(column_default).toBeNull();
    const next = await createRental(t, renter, product, stay(18));
    expect(next.cancellationPolicy).toBe('strict');
  });
});
