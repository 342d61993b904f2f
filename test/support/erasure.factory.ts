import { randomBytes, randomInt } from 'node:crypto';
import type { ProductBody } from './catalog.factory';
import { createProduct } from './catalog.factory';
import type { SignedUpUser } from './identity.factory';
import { signUp, uniqueEmail } from './identity.factory';
import { postText } from './messaging.factory';
import { drain } from './payment.factory';
import type { RentalBody } from './rental.factory';
import { moveRental, utcDay } from './rental.factory';
import { reviewProduct, reviewUser } from './review.factory';
import type { TestApp } from './test-app';

function must(res: { status: number; body: unknown }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** DELETE /api/v1/account as `user`. */
export const deleteAccount = (t: TestApp, user: SignedUpUser, body: Record<string, unknown>) =>
  t.http.delete('/api/v1/account').set(user.auth).send(body);

/** Three-night stays that never overlap, one after the other, for a test file's products. */
export function staysInTurn(firstStart = 2): () => { startDate: string; endDate: string } {
  let next = firstStart;
  return () => {
    const stay = { startDate: utcDay(next), endDate: utcDay(next + 3) };
    next += 5;
    return stay;
  };
}

export const idempotencyKey = () => `k-${randomBytes(8).toString('hex')}`;
const key = idempotencyKey;

/** POST /api/v1/subscription/subscriptions for the paid basic plan, monthly. */
export async function subscribe(t: TestApp, user: SignedUpUser): Promise<{ id: string; status: string }> {
  const plans = await t.http.get('/api/v1/subscription/plans');
  const planId = plans.body.items.find((p: { code: string }) => p.code === 'basic').id;
  const res = await t.http
    .post('/api/v1/subscription/subscriptions')
    .set(user.auth)
    .set('Idempotency-Key', key())
    .send({ planId, billingCycle: 'monthly' });
  if (res.status !== 201) throw new Error(`subscribe failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface PersonWithHistory {
  zelda: SignedUpUser;
  fullName: string;
  phone: string;
  displayName: string;
  bob: SignedUpUser;
  zeldaListing: ProductBody;
  bobListing: ProductBody;
  rental: RentalBody;
  conversationId: string;
  subscriptionId: string;
}

/**
 * Zelda, with everything a member leaves behind, all through the API: a profile (phone, display
 * name, bio, city), a listing with a street address and photos, a card, a rental of Bob's drill
 * walked to completion (notes with her phone, payments, a conversation), reviews both ways, a paid
 * subscription, a data export, an inquiry from Bob, a mistyped password. Her full name, phone and
 * display name are unique to this call, so a scan of the database finds exactly her.
 */
export async function personWithHistory(
  t: TestApp,
  stay: { startDate: string; endDate: string },
): Promise<PersonWithHistory> {
  const fullName = `Zelda Quarrington-${randomBytes(3).toString('hex')}`;
  const phone = `+3519${randomInt(10_000_000, 99_999_999)}`;
  const displayName = `Zee${randomBytes(3).toString('hex')}`;
  const zelda = await signUp(t.http, { fullName, email: uniqueEmail('zelda') });
  // A mistyped password first: the sign-in counter of her address now holds a hash of it.
  await t.http
    .post('/api/v1/auth/login')
    .send({ email: zelda.email, password: 'wrong-Password-1' })
    .expect(401);
  const bob = await signUp(t.http, { fullName: 'Bob Builder' });
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
  const zeldaListing = await createProduct(t, zelda, {
    title: 'Garden ladder, 3 m',
    address: { street: 'Rua das Flores 12', city: 'Porto', country: 'PT', lat: 41.14, lng: -8.61 },
  });
  const bobListing = await createProduct(t, bob, { title: 'Cordless drill of Bob' });
  // Bob asks about her ladder, a conversation she leaves behind.
  const inquiry = await t.http
    .post('/api/v1/messaging/conversations')
    .set(bob.auth)
    .set('Idempotency-Key', key())
    .send({ productId: zeldaListing.id, message: 'Is the ladder free on Saturday?' });
  if (inquiry.status !== 201 || inquiry.body.counterpart.displayName !== displayName)
    throw new Error(`inquiry failed: ${inquiry.status} ${JSON.stringify(inquiry.body)}`);

  // Zelda rents Bob's drill to the end, with a card, a conversation and reviews both ways.
  const card = await t.http
    .post('/api/v1/payment/payment-methods')
    .set(zelda.auth)
    .set('Idempotency-Key', key())
    .send({ token: 'pm_card_visa', makeDefault: true });
  must(card, 201, 'add card');
  const booked = await t.http
    .post('/api/v1/rentals')
    .set(zelda.auth)
    .set('Idempotency-Key', key())
    .send({ productId: bobListing.id, ...stay, notes: `Call me on ${phone}` });
  must(booked, 201, 'book');
  const rental: RentalBody = booked.body;
  await drain(t);
  const opened = await t.http
    .post('/api/v1/messaging/conversations')
    .set(zelda.auth)
    .set('Idempotency-Key', key())
    .send({ rentalId: rental.id, message: 'Can I pick it up at ten?' });
  must(opened, 201, 'open conversation');
  const conversationId: string = opened.body.id;
  await postText(t, bob, conversationId, 'Sure, see you at ten.');
  await postText(t, zelda, conversationId, 'Thanks, on my way.');
  for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
    await moveRental(t, rental, bob, status);
    await drain(t);
  }
  await reviewUser(t, zelda, rental, 5, 'Friendly owner, the drill was great.');
  await reviewUser(t, bob, rental, 4, 'Brought it back clean and on time.');
  await reviewProduct(t, zelda, {
    productId: bobListing.id,
    rentalId: rental.id,
    rating: 5,
    body: 'Drilled forty holes without a hitch.',
  });
  const subscription = await subscribe(t, zelda);
  // A copy of all her data, assembled in the background.
  must(await t.http.post('/api/v1/account/data-exports').set(zelda.auth), 202, 'request export');
  await drain(t);
  return {
    zelda,
    fullName,
    phone,
    displayName,
    bob,
    zeldaListing,
    bobListing,
    rental,
    conversationId,
    subscriptionId: subscription.id,
  };
}
