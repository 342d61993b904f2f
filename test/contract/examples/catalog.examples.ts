import { createCategory } from '../../support/catalog.factory';
import type { ExampleFixtures } from './example-fixture';

export const catalogExamples: ExampleFixtures = {
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
  catalog_deleteProduct: async (world) => ({
    auth: (await world.owner()).auth,
    ids: { id: (await world.freshProduct()).id },
  }),
};
