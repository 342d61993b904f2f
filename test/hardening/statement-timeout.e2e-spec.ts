import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { HARDENING_ENV, isProblem, REQUEST_DEADLINE_MS } from './support/http';

const TIMEOUT_MS = 1000;

/**
 * No request can hold the database longer than DATABASE_STATEMENT_TIMEOUT_MS: the pool sets
 * statement_timeout on every connection, so a statement that waits (on a lock, or sleeps) is
 * cancelled by PostgreSQL and the request answers 503 problem+json; the app is fine afterwards.
 */
describe('hardening: statement timeout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ...HARDENING_ENV, DATABASE_STATEMENT_TIMEOUT_MS: String(TIMEOUT_MS) });
  });
  afterAll(() => t.close());

  it("is set on the app's connections: a slow statement is cancelled (57014) after the timeout", async () => {
    const [{ statement_timeout }] = await t.db.query('SHOW statement_timeout');
    expect(statement_timeout).toBe('1s');
    const started = Date.now();
    await expect(t.db.query('SELECT pg_sleep(10)')).rejects.toMatchObject({ driverError: { code: '57014' } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('ends a transaction left idle on a pooled connection after twice the timeout, releasing its locks', async () => {
    const [{ idle_in_transaction_session_timeout: idle }] = await t.db.query(
      'SHOW idle_in_transaction_session_timeout',
    );
    expect(idle).toBe('2s');
    const forgotten = t.db.createQueryRunner();
    await forgotten.connect();
    await forgotten.startTransaction();
    const [{ pid }] = await forgotten.query('SELECT pg_backend_pid() AS pid');
    await forgotten.query('LOCK TABLE catalog.tags IN ACCESS EXCLUSIVE MODE');
    // Nothing happens on it for longer than the idle limit: PostgreSQL ends the session.
    await new Promise((resolve) => setTimeout(resolve, 2 * TIMEOUT_MS + 1500));
    const alive = await t.db.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
    expect(alive).toEqual([]);
    await expect(t.db.query('SELECT count(*) FROM catalog.tags')).resolves.toBeDefined();
    await forgotten.release().catch(() => undefined);
  });

  it('cancels a request stuck behind a table lock and answers 503 problem+json, then serves it again', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner);
    // Someone else (a long migration, a VACUUM FULL, a stuck session) holds the products table.
    const holder = t.db.createQueryRunner();
    await holder.connect();
    // The holder is not the app: it is exempt from the app's limits (set on every pooled connection).
    await holder.query("SET statement_timeout = '0'");
    await holder.query("SET idle_in_transaction_session_timeout = '0'");
    await holder.startTransaction();
    await holder.query('LOCK TABLE catalog.products IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const res = await t.http
        .get(`/api/v1/products/${product.id}`)
        .timeout({ deadline: REQUEST_DEADLINE_MS });
      const elapsed = Date.now() - started;
      expect({ status: res.status, problem: isProblem(res), code: res.body.code }).toEqual({
        status: 503,
        problem: true,
        code: 'DATABASE.TIMEOUT',
      });
      // Held for about the timeout, not for as long as the lock lasted.
      expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      const write = await t.http
        .put(`/api/v1/products/${product.id}`)
        .set(owner.auth)
        .send({ title: 'Never saved' })
        .timeout({ deadline: REQUEST_DEADLINE_MS });
      expect(write.status).toBe(503);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const again = await t.http.get(`/api/v1/products/${product.id}`);
    expect(again.status).toBe(200);
    expect(again.body.title).toBe(product.title);
  });
});
