import { randomBytes } from 'node:crypto';
import type { SignedUpUser } from './identity.factory';
import { signUp } from './identity.factory';
import type { TestApp } from './test-app';

/** The request body of POST /api/v1/products. */
export interface CreateProductBody {
  title: string;
  description: string;
  categoryId: string;
  tags?: string[];
  images?: { url: string; alt?: string | null }[];
  specifications?: Record<string, unknown>;
  condition: 'new' | 'like_new' | 'good' | 'fair' | 'worn';
  address: {
    street?: string | null;
    city: string;
    country: string;
    lat?: number | null;
    lng?: number | null;
  };
  pricing: { dailyPrice: number; weeklyPrice?: number | null; deposit?: number; currency: string };
  rules?: {
    minDays?: number;
    maxDays?: number;
    leadTimeDays?: number;
    bufferDays?: number;
    cancellationPolicy?: 'flexible' | 'moderate' | 'strict';
  };
  status?: 'draft' | 'active' | 'paused';
}

/** The body of GET /api/v1/products/:id (and of POST /products' 201). */
export interface ProductBody {
  id: string;
  ownerId: string;
  owner: {
    id: string;
    displayName: string;
    avatarUrl: string | null;
    city: string | null;
    country: string | null;
    memberSince: string;
  } | null;
  title: string;
  description: string;
  category: { id: string; name: string; slug: string };
  tags: string[];
  images: { url: string; alt: string | null; position: number }[];
  specifications: Record<string, unknown>;
  condition: CreateProductBody['condition'];
  address: { street: string | null; city: string; country: string; lat: number | null; lng: number | null };
  pricing: { dailyPrice: number; weeklyPrice: number | null; deposit: number; currency: string };
  rules: {
    minDays: number;
    maxDays: number;
    leadTimeDays: number;
    bufferDays: number;
    cancellationPolicy: 'flexible' | 'moderate' | 'strict';
  };
  status: 'draft' | 'active' | 'paused' | 'pending_approval' | 'hidden';
  moderation: { status: 'pending_approval' | 'hidden'; reason: string | null; at: string } | null;
  rating: { average: number | null; count: number };
  createdAt: string;
  updatedAt: string;
}

/** What the factories need of an app: any booted instance with its HTTP client and DataSource. */
export type AppUnderTest = Pick<TestApp, 'http' | 'db'>;

const suffix = () => randomBytes(4).toString('hex');

/** A user promoted to admin with SQL (there is no endpoint for that), signed in again for a fresh token. */
export async function signUpAdmin(t: AppUnderTest): Promise<SignedUpUser> {
  const user = await signUp(t.http, { fullName: 'Catalog Admin' });
  await t.db.query(`UPDATE identity.users SET role = 'admin' WHERE id = $1`, [user.id]);
  const res = await t.http.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
  if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    ...user,
    accessToken: res.body.accessToken,
    refreshToken: res.body.refreshToken,
    auth: { Authorization: `Bearer ${res.body.accessToken}` },
  };
}

const admins = new WeakMap<AppUnderTest, Promise<SignedUpUser>>();

/** POST /api/v1/categories as an admin, as a client would. Names get a random suffix unless given. */
export async function createCategory(
  t: AppUnderTest,
  overrides: { name?: string; parentId?: string } = {},
): Promise<{ id: string; slug: string }> {
  if (!admins.has(t)) admins.set(t, signUpAdmin(t));
  const admin = await admins.get(t)!;
  const body = { name: overrides.name ?? `Category ${suffix()}`, parentId: overrides.parentId };
  const res = await t.http.post('/api/v1/categories').set(admin.auth).send(body);
  if (res.status !== 201) throw new Error(`createCategory failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, slug: res.body.slug };
}

/** A valid POST /products body; `categoryId` must be supplied by the caller. */
export function productBody(
  categoryId: string,
  overrides: Partial<CreateProductBody> = {},
): CreateProductBody {
  return {
    title: `Cordless drill ${suffix()}`,
    description: 'A sturdy 18 V drill with two batteries and a charger.',
    categoryId,
    tags: ['drill', 'cordless'],
    images: [{ url: 'https://images.example.com/drill.jpg', alt: 'The drill' }],
    condition: 'good',
    address: { city: 'Lisbon', country: 'PT', lat: 38.7223, lng: -9.1393 },
    pricing: { dailyPrice: 2500, deposit: 10000, currency: 'EUR' },
    rules: { minDays: 1, maxDays: 30, leadTimeDays: 0, bufferDays: 0 },
    status: 'active',
    ...overrides,
  };
}

const defaultCategories = new WeakMap<AppUnderTest, Promise<{ id: string; slug: string }>>();

/**
 * POST /api/v1/products as `owner`. Active, 2500 EUR a day, no weekly price, deposit 10000,
 * 1–30 days, no lead time or buffer, unless overridden. A category is created once per app when
 * none is given. Throws on anything but 201.
 */
export async function createProduct(
  t: AppUnderTest,
  owner: SignedUpUser,
  overrides: Partial<CreateProductBody> = {},
): Promise<ProductBody> {
  let categoryId = overrides.categoryId;
  if (!categoryId) {
    if (!defaultCategories.has(t))
      defaultCategories.set(t, createCategory(t, { name: `Things ${suffix()}` }));
    categoryId = (await defaultCategories.get(t)!).id;
  }
  const res = await t.http.post('/api/v1/products').set(owner.auth).send(productBody(categoryId, overrides));
  if (res.status !== 201) throw new Error(`createProduct failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ProductBody;
}
