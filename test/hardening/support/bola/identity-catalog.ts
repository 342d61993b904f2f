import type { BolaRegistry } from './types';

/** Users, categories and products. */
export const IDENTITY_CATALOG: BolaRegistry = {
  'GET /api/v1/users/{id}': [
    {
      name: "a user's public view",
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: owner.id } };
      },
    },
  ],
  'PUT /api/v1/admin/users/{userId}/role': [
    {
      name: 'granting a user the admin role',
      exposure: 'admin',
      setup: async (f) => {
        const owner = await f.admin();
        const target = await f.user();
        return { owner, params: { userId: target.id }, body: { role: 'admin' } };
      },
    },
  ],
  'GET /api/v1/categories/{id}': [
    {
      name: 'a category',
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.admin();
        const category = await f.post<{ id: string }>(owner, '/api/v1/categories', {
          name: `Bola ${Date.now()}`,
        });
        return { owner, params: { id: category.id } };
      },
    },
  ],
  'PUT /api/v1/categories/{id}': [
    {
      name: 'renaming a category',
      exposure: 'admin',
      setup: async (f) => {
        const owner = await f.admin();
        const category = await f.post<{ id: string }>(owner, '/api/v1/categories', {
          name: `Bola rename ${Date.now()}`,
        });
        return { owner, params: { id: category.id }, body: { name: `Renamed ${Date.now()}` } };
      },
    },
  ],
  'GET /api/v1/products/{id}': [
    {
      name: 'an active product',
      exposure: 'public-read',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: (await f.product(owner)).id } };
      },
    },
    {
      name: 'a draft product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: (await f.product(owner, { status: 'draft' })).id } };
      },
    },
    {
      name: 'a paused product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: (await f.product(owner, { status: 'paused' })).id } };
      },
    },
  ],
  'PUT /api/v1/products/{id}': [
    {
      name: 'changing an active product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        const product = await f.product(owner);
        return {
          owner,
          params: { id: product.id },
          body: { title: 'A title set by its owner', status: 'paused' },
        };
      },
    },
  ],
  'DELETE /api/v1/products/{id}': [
    {
      name: 'deleting an active product',
      exposure: 'private',
      setup: async (f) => {
        const owner = await f.user();
        return { owner, params: { id: (await f.product(owner)).id } };
      },
    },
  ],
};
