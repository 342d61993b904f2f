import { createCategory, createProduct, productBody } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';

describe('subscription: the plan limits active listings at the catalog HTTP API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SUBSCRIPTION_LIMITS_ENFORCED: 'true', WRITE_RATE_LIMIT_PER_MINUTE: '10000' });
  });
  afterAll(() => t.close());

  const activeCount = async (ownerId: string) =>
    (
      await t.db.query(
        `SELECT count(*)::int AS n FROM catalog.products WHERE owner_id = $1 AND status = 'active' AND deleted_at IS NULL`,
        [ownerId],
      )
    )[0].n;

  it('refuses the free plan’s 6th active listing with 403 naming the limit and the upgrade', async () => {
    const owner = await signUp(t.http);
    for (let i = 0; i < 5; i++) await createProduct(t, owner, { title: `Listing number ${i}` });
    const category = await createCategory(t);

    const sixth = await t.http
      .post('/api/v1/products')
      .set(owner.auth)
      .send(productBody(category.id, { status: 'active' }));
    expect(sixth.status).toBe(403);
    expect(sixth.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(sixth.body).toMatchObject({
      code: 'SUBSCRIPTION.LISTING_LIMIT_REACHED',
      limit: { name: 'activeListings', max: 5, used: 5 },
      upgrade: { code: 'basic' },
    });
    expect(await activeCount(owner.id)).toBe(5);

    // A draft is fine, and activating it later is refused the same way.
    const draft = await t.http
      .post('/api/v1/products')
      .set(owner.auth)
      .send(productBody(category.id, { status: 'draft' }));
    expect(draft.status).toBe(201);
    const activate = await t.http
      .put(`/api/v1/products/${draft.body.id}`)
      .set(owner.auth)
      .send({ status: 'active' });
    expect(activate.status).toBe(403);
    expect(await activeCount(owner.id)).toBe(5);
  });

  it('lets concurrent activations take only the free slots', async () => {
    const owner = await signUp(t.http);
    for (let i = 0; i < 3; i++) await createProduct(t, owner);
    const category = await createCategory(t);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.http
          .post('/api/v1/products')
          .set(owner.auth)
          .send(productBody(category.id, { status: 'active' })),
      ),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
    expect(answers.filter((a) => a.status === 403)).toHaveLength(4);
    expect(await activeCount(owner.id)).toBe(5);
  });
});
