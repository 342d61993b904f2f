import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

export type RentalStatusName =
  'requested' | 'accepted' | 'declined' | 'cancelled' | 'expired' | 'active' | 'returned' | 'completed';

/** The body of POST /rentals' 201, PUT /rentals/:id's 200 and each item of GET /rentals. */
export interface RentalBody {
  id: string;
  productId: string;
  renterId: string;
  ownerId: string;
  startDate: string;
  endDate: string;
  heldUntil: string;
  status: RentalStatusName;
  quote: {
    currency: string;
    rentalDays: number;
    subtotal: number;
    platformFee: number;
    deposit: number;
    total: number;
  };
  notes: string | null;
  cancelledBy: 'renter' | 'owner' | null;
  cancellationPolicy: 'flexible' | 'moderate' | 'strict';
  cancellationRefund: number | null;
  respondBy: string;
  returnedAt: string | null;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A calendar day `days` after today (UTC), as `YYYY-MM-DD`. */
export function utcDay(days: number, from = new Date()): string {
  const today = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return new Date(today + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * POST /api/v1/rentals as `renter` for `product` (anything with an `id`). Default stay: from
 * tomorrow for 3 days, UTC. Throws on anything but 201.
 */
export async function createRental(
  t: TestApp,
  renter: SignedUpUser,
  product: { id: string },
  overrides: { startDate?: string; endDate?: string; notes?: string } = {},
): Promise<RentalBody> {
  const startDate = overrides.startDate ?? utcDay(1);
  const body = {
    productId: product.id,
    startDate,
    endDate: overrides.endDate ?? addDays(startDate, 3),
    ...(overrides.notes === undefined ? {} : { notes: overrides.notes }),
  };
  const res = await t.http.post('/api/v1/rentals').set(renter.auth).send(body);
  if (res.status !== 201) throw new Error(`createRental failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RentalBody;
}

/** PUT /api/v1/rentals/:id {status} as `actor` (the renter or the owner). Throws on anything but 200. */
export async function moveRental(
  t: TestApp,
  rental: { id: string },
  actor: SignedUpUser,
  status: RentalStatusName,
): Promise<RentalBody> {
  const res = await t.http.put(`/api/v1/rentals/${rental.id}`).set(actor.auth).send({ status });
  if (res.status !== 200)
    throw new Error(`moveRental to ${status} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as RentalBody;
}

/**
 * A rental of `product` by `renter`, walked requested → accepted → active → returned → completed
 * through the API (the owner confirms the inspection, which completes it at once rather than
 * after the inspection window's job). Returns the completed rental.
 */
export async function completeRental(
  t: TestApp,
  owner: SignedUpUser,
  renter: SignedUpUser,
  product: { id: string },
  overrides: { startDate?: string; endDate?: string; notes?: string } = {},
): Promise<RentalBody> {
  const rental = await createRental(t, renter, product, overrides);
  await moveRental(t, rental, owner, 'accepted');
  await moveRental(t, rental, owner, 'active');
  await moveRental(t, rental, owner, 'returned');
  return moveRental(t, rental, owner, 'completed');
}

/** Runs a rental job now, as the scheduler would at `now` (names: rental.expire-requests, rental.complete-returned). */
export function runRentalJob(
  t: TestApp,
  name: 'rental.expire-requests' | 'rental.complete-returned',
  now = new Date(),
): Promise<boolean> {
  return t.app.get(JobScheduler).runNow(name, now);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
