import { photo } from '../../../support/hostile-files';
import type { BolaRegistry, Fixtures, SignedUpUser } from './types';

/** An owner's product with one uploaded photo (its only image). */
async function productWithPhoto(f: Fixtures, owner: SignedUpUser) {
  const product = await f.product(owner, { images: [] });
  const file = await photo('jpeg');
  const res = await f.t.http
    .post(`/api/v1/products/${product.id}/images`)
    .set(owner.auth)
    .attach('file', file.bytes, { filename: file.filename, contentType: file.contentType });
  if (res.status !== 201) throw new Error(`photo upload failed: ${res.status} ${res.text}`);
  return { productId: product.id, imageId: res.body.id as string };
}

/** A listing's photos: only its owner uploads, edits, reorders or removes them. */
export const PRODUCT_IMAGES: BolaRegistry = {
  'POST /api/v1/products/{productId}/images': [
    {
      name: 'uploading a photo to an active product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner, { images: [] });
        return { owner, params: { productId: product.id }, body: { file: await photo('jpeg'), alt: 'Mine' } };
      },
    },
  ],
  'PATCH /api/v1/products/{productId}/images/{imageId}': [
    {
      name: "changing a photo's alt text",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: await productWithPhoto(f, owner), body: { alt: 'Set by its owner' } };
      },
    },
    {
      name: "another listing's photo through the intruder's own product",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const params = await productWithPhoto(f, owner);
        return {
          owner,
          params,
          body: { alt: 'Set by its owner' },
          intruderParams: async (intruder) => ({
            productId: (await f.product(intruder, { images: [] })).id,
            imageId: params.imageId,
          }),
        };
      },
    },
  ],
  'PUT /api/v1/products/{productId}/images/order': [
    {
      name: "reordering a product's photos",
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const { productId, imageId } = await productWithPhoto(f, owner);
        return { owner, params: { productId }, body: { imageIds: [imageId] } };
      },
    },
  ],
  'DELETE /api/v1/products/{productId}/images/{imageId}': [
    {
      name: 'removing a photo',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: await productWithPhoto(f, owner) };
      },
    },
  ],
};
