import sharp from 'sharp';
import { createCategory, createProduct } from '../../support/catalog.factory';
import { hideListing } from '../../support/moderation.factory';
import type { ExampleFixtures, ExampleWorld } from './example-fixture';

/** A fresh product of `owner()` with one uploaded photo (the only image), and the photo's id. */
async function productWithPhoto(world: ExampleWorld): Promise<{ productId: string; imageId: string }> {
  const owner = await world.owner();
  const { id: productId } = await createProduct(world.t, owner, { images: [] });
  const photo = await sharp({ create: { width: 240, height: 180, channels: 3, background: '#cc6633' } })
    .jpeg()
    .toBuffer();
  const res = await world.t.http
    .post(`/api/v1/products/${productId}/images`)
    .set(owner.auth)
    .attach('file', photo, { filename: 'drill.jpg', contentType: 'image/jpeg' });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${res.text}`);
  return { productId, imageId: res.body.id };
}

/** A fresh product of `owner()` a moderator hid and its owner resubmitted: awaiting approval. */
async function listingAwaitingApproval(world: ExampleWorld): Promise<string> {
  const owner = await world.owner();
  const product = await world.freshProduct();
  await hideListing(world.t, product);
  const res = await world.t.http
    .put(`/api/v1/products/${product.id}`)
    .set(owner.auth)
    .send({ status: 'active' });
  if (res.body.status !== 'pending_approval')
    throw new Error(`resubmission failed: ${res.status} ${res.text}`);
  return product.id;
}

export const catalogExamples: ExampleFixtures = {
  admin_listListings: async (world) => {
    await listingAwaitingApproval(world);
    return { auth: (await world.admin()).auth };
  },
  admin_approveListing: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { productId: await listingAwaitingApproval(world) },
  }),
  admin_rejectListing: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { productId: await listingAwaitingApproval(world) },
  }),
  catalog_listCategories: async () => ({}),
  catalog_createCategory: async (world) => ({ auth: (await world.admin()).auth }),
  catalog_getCategory: async (world) => ({ ids: { id: (await world.product()).category.id } }),
  catalog_updateCategory: async (world) => ({
    auth: (await world.admin()).auth,
    ids: { id: (await createCategory(world.t)).id },
  }),
  catalog_searchProducts: async () => ({}),
  catalog_createProduct: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { categoryId: (await world.product()).category.id },
  }),
  catalog_getProduct: async (world) => ({ ids: { id: (await world.product()).id } }),
  catalog_updateProduct: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { id: (await world.freshProduct()).id },
  }),
  catalog_uploadProductImage: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { productId: (await world.freshProduct()).id },
  }),
  catalog_changeProductImage: async (world) => ({
    auth: (await world.owner()).auth,
    ids: await productWithPhoto(world),
  }),
  catalog_reorderProductImages: async (world) => {
    const { productId, imageId } = await productWithPhoto(world);
    return { auth: (await world.owner()).auth, ids: { productId, imageIds: imageId } };
  },
  catalog_deleteProductImage: async (world) => ({
    auth: (await world.owner()).auth,
    ids: await productWithPhoto(world),
  }),
  catalog_deleteProduct: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { id: (await world.freshProduct()).id },
  }),
};
