import { randomUUID } from 'node:crypto';
import { IdempotencyService } from '../../src/platform/idempotency/idempotency.service';
import { createIdempotencyTable } from '../../src/platform/idempotency/idempotency-table.migration';
import { createTestApp, type TestApp } from '../support/test-app';
import { gate } from '../support/waiting';

describe('platform: idempotency keys', () => {
  let t: TestApp;
  let service: IdempotencyService;
  beforeAll(async () => {
    t = await createTestApp();
    const runner = t.db.createQueryRunner();
    await runner.query('CREATE SCHEMA idem_test');
    await runner.query('CREATE TABLE idem_test.things (id uuid PRIMARY KEY, name text NOT NULL)');
    await createIdempotencyTable(runner, 'idem_test');
    await runner.release();
    service = t.app.get(IdempotencyService);
  });
  afterAll(() => t.close());

  const create = (userId: string, key: string | undefined, name: string) =>
    service.run(
      { schema: 'idem_test', operation: 'thing.create', userId, key, request: { name } },
      async (manager) => {
        const id = randomUUID();
        await manager.query('INSERT INTO idem_test.things (id, name) VALUES ($1, $2)', [id, name]);
        return { id, name };
      },
    );
  const count = async (name: string) =>
    (await t.db.query('SELECT count(*)::int AS n FROM idem_test.things WHERE name = $1', [name]))[0].n;

  it('returns the first result for a retry with the same key and body', async () => {
    const user = randomUUID();
    const first = await create(user, 'key-aaaaaaaa', 'a');
    const again = await create(user, 'key-aaaaaaaa', 'a');
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ result: first.result, replayed: true });
    expect(await count('a')).toBe(1);
  });

  it('refuses the same key with a different body (422) and writes nothing', async () => {
    const user = randomUUID();
    await create(user, 'key-bbbbbbbb', 'b');
    await expect(create(user, 'key-bbbbbbbb', 'b-changed')).rejects.toMatchObject({
      code: 'IDEMPOTENCY.KEY_REUSED',
      kind: 'validation',
    });
    expect(await count('b-changed')).toBe(0);
  });

  it('keeps keys per user', async () => {
    await create(randomUUID(), 'key-cccccccc', 'c');
    await create(randomUUID(), 'key-cccccccc', 'c');
    expect(await count('c')).toBe(2);
  });

  it('gives ten concurrent retries one effect: the first answer, or 409 while it is in flight', async () => {
    const user = randomUUID();
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, () => create(user, 'key-dddddddd', 'd')),
    );
    const answered = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason] : []));
    expect(answered.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(answered.map((r) => r.result.id)).size).toBe(1);
    for (const error of refused)
      expect(error).toMatchObject({ code: 'IDEMPOTENCY.IN_PROGRESS', kind: 'conflict' });
    expect(await count('d')).toBe(1);
    const later = await create(user, 'key-dddddddd', 'd');
    expect(later).toEqual({ result: answered[0].result, replayed: true });
  });

  it('answers retries of a request still in flight at once, without holding a connection each', async () => {
    const user = randomUUID();
    const [running, held] = [gate(), gate()];
    const first = service.run(
      {
        schema: 'idem_test',
        operation: 'thing.create',
        userId: user,
        key: 'key-ffffffff',
        request: { name: 'f' },
      },
      async (manager) => {
        running.open();
        await held.opened; // a slow gateway call, say
        await manager.query('INSERT INTO idem_test.things (id, name) VALUES ($1, $2)', [randomUUID(), 'f']);
        return { name: 'f' };
      },
    );
    await running.opened;
    // More retries than the pool has connections: had they waited for the first, none would answer.
    const retries = await Promise.allSettled(
      Array.from({ length: 15 }, () => create(user, 'key-ffffffff', 'f')),
    );
    for (const retry of retries)
      expect(retry).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY.IN_PROGRESS' } });
    held.open();
    expect(await first).toEqual({ result: { name: 'f' }, replayed: false });
    expect(await create(user, 'key-ffffffff', 'f')).toEqual({ result: { name: 'f' }, replayed: true });
    expect(await count('f')).toBe(1);
  });

  it('lets a retry run again when the first attempt failed', async () => {
    const user = randomUUID();
    await expect(
      service.run(
        {
          schema: 'idem_test',
          operation: 'thing.create',
          userId: user,
          key: 'key-eeeeeeee',
          request: { name: 'e' },
        },
        async () => {
          throw new Error('boom');
        },
      ),
    ).rejects.toThrow('boom');
    expect((await create(user, 'key-eeeeeeee', 'e')).replayed).toBe(false);
    expect(await count('e')).toBe(1);
  });
});
