import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/platform/database/data-source-options';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';

const CROSS_SCHEMA_FKS = `
  SELECT c.conname AS constraint, ns.nspname AS from_schema, fns.nspname AS to_schema
  FROM pg_constraint c
  JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
  JOIN pg_class ft ON ft.oid = c.confrelid JOIN pg_namespace fns ON fns.oid = ft.relnamespace
  WHERE c.contype = 'f' AND ns.nspname <> fns.nspname`;

describe('architecture: no foreign key crosses schemas', () => {
  let database: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    database = await createTestDatabase();
    ds = await new DataSource(
      dataSourceOptions({ url: database.url, poolSize: 1, statementTimeoutMs: 0 }),
    ).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await database.drop();
  });

  it('holds for the migrated database', async () => {
    const schemas = await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname = 'identity'`);
    expect(schemas).toHaveLength(1);
    expect(await ds.query(CROSS_SCHEMA_FKS)).toEqual([]);
  });

  it('catches a planted cross-schema foreign key', async () => {
    await ds.query('CREATE SCHEMA planted');
    await ds.query(
      'CREATE TABLE planted.orders (user_id uuid CONSTRAINT fk_planted REFERENCES identity.users (id))',
    );
    expect(await ds.query(CROSS_SCHEMA_FKS)).toEqual([
      { constraint: 'fk_planted', from_schema: 'planted', to_schema: 'identity' },
    ]);
  });
});
