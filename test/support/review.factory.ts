import type { SignedUpUser } from './identity.factory';
import type { TestApp } from './test-app';

export interface ProductReviewBody {
  id: string;
  productId: string;
  rentalId: string | null;
  reviewer: { id: string; displayName: string; avatarUrl: string | null } | null;
  rating: number;
  title: string | null;
  body: string;
  verified: boolean;
  createdAt: string;
}

export interface SubmittedUserReviewBody {
  id: string;
  rentalId: string;
  productId: string;
  reviewerId: string;
  revieweeId: string;
  role: 'renter' | 'owner';
  rating: number;
  body: string;
  status: 'hidden' | 'published';
  visibleAt: string | null;
  windowClosesAt: string;
  createdAt: string;
}

/** POST /api/v1/review/product-reviews as `reviewer`. Throws on anything but 201. */
export async function reviewProduct(
  t: TestApp,
  reviewer: SignedUpUser,
  body: { productId: string; rentalId?: string; rating: number; title?: string; body?: string },
): Promise<ProductReviewBody> {
  const res = await t.http
    .post('/api/v1/review/product-reviews')
    .set(reviewer.auth)
    .send({ body: 'Worked as described.', ...body });
  if (res.status !== 201) throw new Error(`reviewProduct failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * POST /api/v1/review/user-reviews: `reviewer` reviews the other party of `rental`, whose role is
 * derived from the rental. Throws on anything but 201.
 */
export async function reviewUser(
  t: TestApp,
  reviewer: SignedUpUser,
  rental: { id: string; renterId: string; ownerId: string },
  rating: number,
  body = 'Smooth rental, friendly and on time.',
): Promise<SubmittedUserReviewBody> {
  const reviewingOwner = reviewer.id === rental.renterId;
  const res = await t.http
    .post('/api/v1/review/user-reviews')
    .set(reviewer.auth)
    .send({
      rentalId: rental.id,
      revieweeId: reviewingOwner ? rental.ownerId : rental.renterId,
      role: reviewingOwner ? 'owner' : 'renter',
      rating,
      body,
    });
  if (res.status !== 201) throw new Error(`reviewUser failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let r = Math.imul(a ^ (a >>> 15), 1 | a);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
