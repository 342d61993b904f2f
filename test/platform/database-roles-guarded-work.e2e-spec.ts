import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import { IdempotencyService } from '../../src/platform/idempotency/idempotency.service';
import { JobScheduler } from '../../src/platform/jobs/job-scheduler';
import { createTestApp, type TestApp } from '../support/test-app';

const whoAmI = async (manager: EntityManager) =>
  (await manager.query('SELECT current_user AS name, session_user AS login'))[0] as {
    name: string;
    login: string;
  };

/**
 * Issue #19, item 4, for the work a transaction of the platform guards: a request's Idempotency-Key
 * and a scheduled job's run. The work runs as its context, never as the admin, and the guarding
 * transaction comes from a pool of its own (two connections per pool here), so guarded work that
 * opens transactions of its own on the context's connection cannot starve itself.
 */
describe('platform: work guarded by an Idempotency-Key or a job runs as its context', () => {
  let t: TestApp;
  let keys: IdempotencyService;
  let jobs: JobScheduler;
  let sources: ContextDataSources;
  beforeAll(async () => {
    t = await createTestApp({ DATABASE_CONTEXT_POOL_SIZE: '2', DATABASE_GUARD_POOL_SIZE: '2' });
    keys = t.app.get(IdempotencyService);
    jobs = t.app.get(JobScheduler);
    sources = t.app.get(ContextDataSources);
  });
  afterAll(() => t.close());

  const keyed = <T>(userId: string, work: (manager: EntityManager) => Promise<T>) =>
    keys.run(
      { schema: 'rental', operation: 'roles.test', userId, key: `key-${randomUUID()}`, request: {} },
      work,
    );
  const storedKeys = async (userId: string) =>
    (
      await t.db.query('SELECT count(*)::int AS n FROM rental.idempotency_keys WHERE user_id = $1', [userId])
    )[0].n;

  it('runs idempotent work, its key and its answer as the context’s role', async () => {
    const user = randomUUID();
    const { result } = await keyed(user, whoAmI);
    expect(result).toEqual({ name: 'onesociety_rental', login: 'onesociety_rental' });
    expect(await storedKeys(user)).toBe(1);
  });

  it('refuses a cross-schema read planted in idempotent work (42501), and keeps no key', async () => {
    const user = randomUUID();
    await expect(
      keyed(user, (manager) => manager.query('SELECT count(*) FROM identity.users')),
    ).rejects.toMatchObject({ driverError: { code: '42501' } });
    expect(await storedKeys(user)).toBe(0);
  });

  it('answers more keyed requests than the pool has connections, each working on a connection of its own', async () => {
    const user = randomUUID();
    // Like a refund: the key's transaction waits while the work commits its own steps.
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        keyed(user, () =>
          sources.for('rental').transaction(async (manager) => {
            await manager.query('SELECT pg_sleep(0.05)');
            return (await whoAmI(manager)).name;
          }),
        ),
      ),
    );
    expect(answers.map((answer) => answer.result)).toEqual(Array(6).fill('onesociety_rental'));
    expect(await storedKeys(user)).toBe(6);
  });

  it('runs a context’s job as that context, and the platform’s as the admin', async () => {
    const seen: Record<string, string> = {};
    jobs.register({
      name: 'roles.review-job',
      context: 'review',
      intervalMs: 3_600_000,
      run: async (manager) => void (seen.review = (await whoAmI(manager)).name),
    });
    jobs.register({
      name: 'roles.platform-job',
      context: 'platform',
      intervalMs: 3_600_000,
      run: async (manager) => void (seen.platform = (await whoAmI(manager)).name),
    });
    expect(await jobs.runNow('roles.review-job')).toBe(true);
    expect(await jobs.runNow('roles.platform-job')).toBe(true);
    const [admin] = await t.db.query('SELECT current_user AS name');
    expect(seen).toEqual({ review: 'onesociety_review', platform: admin.name });
    const claims = await t.db.query(
      `SELECT name FROM platform.job_runs WHERE name LIKE 'roles.%' ORDER BY 1`,
    );
    expect(claims).toEqual([{ name: 'roles.platform-job' }, { name: 'roles.review-job' }]);
  });

  it('refuses a cross-schema read planted in a context’s job, and claims no run for it', async () => {
    jobs.register({
      name: 'roles.trespassing-job',
      context: 'trust',
      intervalMs: 3_600_000,
      run: async (manager) => void (await manager.query('SELECT count(*) FROM payment.ledger_entries')),
    });
    await expect(jobs.runNow('roles.trespassing-job')).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    const claims = await t.db.query(`SELECT 1 FROM platform.job_runs WHERE name = 'roles.trespassing-job'`);
    expect(claims).toEqual([]);
  });

  it('runs more of a context’s jobs at once than its pool has connections, each working on another', async () => {
    const names = Array.from({ length: 4 }, (_, i) => `roles.busy-job-${i}`);
    for (const name of names)
      jobs.register({
        name,
        context: 'payment',
        intervalMs: 3_600_000,
        // Like the payout release: the job's transaction waits while each step commits on its own.
        run: () => sources.for('payment').transaction((manager) => manager.query('SELECT pg_sleep(0.05)')),
      });
    expect(await Promise.all(names.map((name) => jobs.runNow(name)))).toEqual([true, true, true, true]);
  });
});
