import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../migrations';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';

describe('migrations', () => {
  it('agree with the entities: generating a migration from the entities yields nothing', async () => {
    const t: TestApp = await createTestApp();
    try {
      const pending = await t.db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('are reversible: every down() runs, then every up() again, leaving the same schema', async () => {
    const database: TestDatabase = await createTestDatabase();
    const ds = new DataSource({
      ...dataSourceOptions({ url: database.url, poolSize: 2, statementTimeoutMs: 0, logErrors: false }),
    });
    await ds.initialize();
    const schemaSnapshot = () =>
      ds.query(`SELECT table_schema, table_name, column_name, data_type, is_nullable
                FROM information_schema.columns WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
                AND table_name <> 'migrations' ORDER BY 1, 2, 3`);
    try {
      const before = await schemaSnapshot();
      expect(before.length).toBeGreaterThan(0);
      for (let i = 0; i < ALL_MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      expect(await ds.query(`SELECT count(*)::int AS n FROM migrations`)).toEqual([{ n: 0 }]);
      expect(await schemaSnapshot()).toEqual([]);
      await ds.runMigrations({ transaction: 'each' });
      expect(await schemaSnapshot()).toEqual(before);
    } finally {
      await ds.destroy();
      await database.drop();
    }
  });
});
