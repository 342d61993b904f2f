import { QueryFailedError } from 'typeorm';
import { ProductEntity } from '../../src/modules/catalog/persistence/product.entity';
import { UserEntity } from '../../src/modules/identity/persistence/user.entity';
import {
  entityFromRow,
  primaryQuery,
  queryForRead,
  selectListOf,
  transactionForRead,
} from '../../src/platform/database/plain-reads';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * Hot reads bypass TypeORM's query builder (src/platform/database/plain-reads.ts). They must give
 * back exactly what a `find` would, column for column and type for type.
 */
describe('platform: plain SQL reads hydrate entities exactly as TypeORM does', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Nothing in the background: the relay's and the jobs' own transactions would count as open ones.
    t = await createTestApp({ EVENTS_RELAY_INTERVAL_MS: '0', JOBS_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  it('selects every column of a product under its property name, with the same JS types', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner, {
      pricing: { dailyPrice: 1200, weeklyPrice: 7000, deposit: 0, currency: 'EUR' },
      specifications: { voltage: 18, cordless: true, kit: ['2 batteries', 'charger'] },
      tags: ['drill', 'Makita'],
    });
    await t.db.query('UPDATE catalog.products SET rating_average = 4.25, rating_count = 4 WHERE id = $1', [
      product.id,
    ]);
    const [row] = await queryForRead<object>(
      t.db,
      `SELECT ${selectListOf(t.db, ProductEntity, 'p')} FROM catalog.products p WHERE p.id = $1`,
      [product.id],
    );
    const viaSql = entityFromRow(ProductEntity, row);
    const viaOrm = await t.db.getRepository(ProductEntity).findOneByOrFail({ id: product.id });
    expect(viaSql).toBeInstanceOf(ProductEntity);
    // toEqual, not toStrictEqual: TypeORM also sets unselected relations and columns to undefined.
    expect(viaSql).toEqual(viaOrm);
    for (const [key, value] of Object.entries(viaOrm))
      if (value !== undefined)
        expect([key, typeof viaSql[key as keyof ProductEntity]]).toEqual([key, typeof value]);
    expect(viaSql.weeklyPrice).toBe(7000);
    expect(viaSql.createdAt).toBeInstanceOf(Date);
  });

  it('leaves out columns the entity never selects and relations', async () => {
    const list = selectListOf(t.db, ProductEntity, 'p');
    expect(list).not.toMatch(/search_vector/);
    expect(list).toMatch(/p\."category_id" AS "categoryId"/);
    expect(selectListOf(t.db, UserEntity, 'u')).not.toMatch(/profile/);
  });

  it('fails as TypeORM does: a QueryFailedError carrying the driver error, so the error mapping holds', async () => {
    for (const read of [primaryQuery, queryForRead]) {
      const failure = await read(t.db, 'SELECT 1 / $1::int AS x', [0]).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect((failure as QueryFailedError).driverError).toMatchObject({ code: '22012' });
    }
  });

  describe('transactionForRead', () => {
    const productCount = async (query: (sql: string) => Promise<{ n: number }[]>) =>
      (await query('SELECT count(*)::int AS n FROM catalog.products'))[0].n;

    it('runs its statements in one read-only REPEATABLE READ snapshot', async () => {
      const owner = await signUp(t.http);
      const seen = await transactionForRead(t.db, async (query) => {
        const settings = await query<{ isolation: string; readOnly: string }>(
          `SELECT current_setting('transaction_isolation') AS isolation,
                  current_setting('transaction_read_only') AS "readOnly"`,
        );
        const before = await productCount(query);
        await createProduct(t, owner); // committed meanwhile on another connection
        return { settings: settings[0], before, after: await productCount(query) };
      });
      expect(seen.settings).toEqual({ isolation: 'repeatable read', readOnly: 'on' });
      expect(seen.after).toBe(seen.before);
      expect(await productCount((sql) => t.db.query(sql))).toBe(seen.before + 1);
    });

    it('refuses writes, fails as TypeORM does, rolls back and gives its connection back', async () => {
      // More failures than the pool has connections: a leaked connection would hang the last call.
      for (let i = 0; i < 12; i++) {
        const failure = await transactionForRead(t.db, (query) =>
          query(`UPDATE catalog.products SET title = 'x'`),
        ).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(QueryFailedError);
        expect((failure as QueryFailedError).driverError).toMatchObject({ code: '25006' });
      }
      const thrown = await transactionForRead(t.db, async () => {
        throw new Error('work failed');
      }).catch((e: unknown) => e);
      expect(thrown).toEqual(new Error('work failed'));
      expect(await transactionForRead(t.db, (query) => query<{ one: number }>('SELECT 1 AS one'))).toEqual([
        { one: 1 },
      ]);
      const [open] = await t.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      expect(open.n).toBe(0);
    });
  });
});
