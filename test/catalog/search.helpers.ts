import type { CreateProductBody } from '../support/catalog.factory';
import { createCategory, createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import type { TestApp } from '../support/test-app';

export const LISBON = { lat: 38.7223, lng: -9.1393 };
export const SINTRA = { lat: 38.8029, lng: -9.3817 }; // ~23 km from Lisbon
export const PORTO = { lat: 41.1579, lng: -8.6291 }; // ~274 km from Lisbon

export const ids = (body: { items: { id: string }[] }) => body.items.map((i) => i.id);

export const at = (point: { lat: number; lng: number }, city = 'Lisbon') => ({
  address: { city, country: 'PT', ...point },
});

export const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/**
 * A fresh top-level category to search in: each test adds its products there and filters on it,
 * so tests never see each other's products.
 */
export async function searchScope(t: TestApp, owner: SignedUpUser) {
  const root = await createCategory(t);
  return {
    categoryId: root.id,
    add: (overrides: Partial<CreateProductBody> = {}, by: SignedUpUser = owner) =>
      createProduct(t, by, { categoryId: root.id, ...overrides }),
    search: (query: Record<string, string | number>, as?: SignedUpUser) => {
      const req = t.http.get('/api/v1/products').query({ categoryId: root.id, ...query });
      return as ? req.set(as.auth) : req;
    },
  };
}
