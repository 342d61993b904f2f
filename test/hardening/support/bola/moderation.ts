import { hideListing } from '../../../support/moderation.factory';
import type { BolaRegistry, Fixtures, SignedUpUser } from './types';

/** A product of `owner` a moderator took down (trust.ListingHidden, delivered). */
async function hiddenProduct(f: Fixtures, owner: SignedUpUser): Promise<string> {
  const product = await f.product(owner);
  await hideListing(f.t, product);
  return product.id;
}

/** A hidden product its owner resubmitted: awaiting approval. */
async function awaitingApproval(f: Fixtures): Promise<string> {
  const owner = await f.user('Lister');
  const id = await hiddenProduct(f, owner);
  const res = await f.t.http.put(`/api/v1/products/${id}`).set(owner.auth).send({ status: 'active' });
  if (res.body.status !== 'pending_approval')
    throw new Error(`resubmission failed: ${res.status} ${res.text}`);
  return id;
}

/** Listing moderation: the admin decisions, and a hidden listing, which is its owner's alone. */
export const MODERATION: BolaRegistry = {
  'POST /api/v1/admin/listings/{productId}/approve': [
    {
      name: 'approving a listing awaiting approval',
      exposure: 'admin',
      setup: async (f) => ({ owner: await f.admin(), params: { productId: await awaitingApproval(f) } }),
    },
  ],
  'POST /api/v1/admin/listings/{productId}/reject': [
    {
      name: 'rejecting a listing awaiting approval',
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { productId: await awaitingApproval(f) },
        body: { reason: 'The photos show another item.' },
      }),
    },
  ],
  'GET /api/v1/products/{id}': [
    {
      name: 'a hidden product (its owner sees why)',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: await hiddenProduct(f, owner) } };
      },
    },
  ],
  'PUT /api/v1/products/{id}': [
    {
      name: 'resubmitting a hidden product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: await hiddenProduct(f, owner) }, body: { status: 'active' } };
      },
    },
  ],
};
