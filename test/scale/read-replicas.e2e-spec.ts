import { REPLICA_APPLICATION_SUFFIX } from '../../src/platform/database/data-source-options';
import { primaryQuery, queryForRead, transactionForRead } from '../../src/platform/database/plain-reads';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import type { Instance } from './scale-support';
import { startInstance } from './scale-support';

// Which pool served a statement: the app names its primary and replica connections differently.
const WHO = `SELECT current_setting('application_name') AS app, current_database() AS db`;
const PRIMARY = 'onesociety-api';
const REPLICA = `onesociety-api${REPLICA_APPLICATION_SUFFIX}`;

describe('scale: DATABASE_REPLICA_URLS pointing at the primary database itself', () => {
  let database: TestDatabase;
  let app: Instance;
  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startInstance(database.url, { DATABASE_REPLICA_URLS: `${database.url}, ${database.url}` });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  it('sends the reads that opted in (queryForRead, transactionForRead) to a replica pool', async () => {
    expect((await queryForRead<{ app: string }>(app.db, WHO, []))[0].app).toBe(REPLICA);
    expect((await transactionForRead(app.db, (query) => query<{ app: string }>(WHO)))[0].app).toBe(REPLICA);
  });

  it('keeps every other read on the primary: find*, query builders, raw queries, transactions', async () => {
    const viaBuilder = await app.db
      .createQueryBuilder()
      .select("current_setting('application_name')", 'app')
      .from('pg_catalog.pg_database', 'd')
      .limit(1)
      .getRawOne();
    expect(viaBuilder.app).toBe(PRIMARY);
  });

  it('keeps raw queries, transactions and explicit primary runners on the primary', async () => {
    expect((await app.db.query(WHO))[0].app).toBe(PRIMARY);
    expect((await app.db.transaction((m) => m.query(WHO)))[0].app).toBe(PRIMARY);
    const inTransaction = await app.db.transaction((m) =>
      m
        .createQueryBuilder()
        .select("current_setting('application_name')", 'app')
        .from('pg_catalog.pg_database', 'd')
        .limit(1)
        .getRawOne(),
    );
    expect(inTransaction.app).toBe(PRIMARY);
    const runner = app.db.createQueryRunner('master');
    try {
      expect((await runner.query(WHO))[0].app).toBe(PRIMARY);
    } finally {
      await runner.release();
    }
  });

  it('serves the API normally, with connections to both pools visible in pg_stat_activity', async () => {
    const user = await signUp(app.http);
    const login = await app.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    expect(login.status).toBe(200);
    const profile = await app.http.get('/api/v1/auth/profile').set(user.auth);
    expect(profile.status).toBe(200);
    expect(profile.body.email).toBe(user.email);
    const pools = await app.db.query(
      `SELECT application_name AS app, count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND application_name LIKE 'onesociety-api%' GROUP BY 1 ORDER BY 1`,
    );
    expect(pools.map((p: { app: string }) => p.app)).toEqual([PRIMARY, REPLICA]);
  });
});

describe('scale: a replica that is a different database shows exactly what is read where', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let app: Instance;
  beforeAll(async () => {
    [primary, replica] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    app = await startInstance(primary.url, { DATABASE_REPLICA_URLS: replica.url });
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  it('writes land on the primary; only opted-in reads see the replica, lag included', async () => {
    const user = await signUp(app.http);
    // A find* reads the primary, which has the new row...
    expect(await app.db.getRepository('UserEntity').findOneBy({ id: user.id })).toMatchObject({
      id: user.id,
    });
    // ...an opted-in read sees the "replica", which never got it: replication lag at its worst.
    expect(await queryForRead(app.db, 'SELECT id FROM identity.users WHERE id = $1', [user.id])).toEqual([]);
    const [{ db }] = await app.db.query(WHO);
    expect(db).toBe(primary.name);
    expect((await queryForRead<{ db: string }>(app.db, WHO, []))[0].db).toBe(replica.name);
    expect((await primaryQuery<{ db: string }>(app.db, WHO, []))[0].db).toBe(primary.name);
    expect(await primaryQuery(app.db, 'SELECT id FROM identity.users WHERE id = $1', [user.id])).toEqual([
      { id: user.id },
    ]);
  });

  it('serves the public product card from the replica: a product the replica lacks is a 404 there', async () => {
    const owner = await signUp(app.http);
    const product = await createProduct(app, owner);
    expect((await app.http.get(`/api/v1/products/${product.id}`)).status).toBe(404);
    // Bookings read the primary (catalog's ProductSnapshot for a booking is not opted in).
    const account = await app.http.get('/api/v1/auth/profile').set(owner.auth);
    expect(account.status).toBe(200);
  });

  it('keeps the reads of login and logout on the primary: a lagging replica cannot refuse a new account or keep a token alive', async () => {
    const user = await signUp(app.http);
    const login = await app.http
      .post('/api/v1/auth/login')
      .send({ email: user.email, password: user.password });
    expect(login.status).toBe(200);
    const openTokens = async () =>
      (
        await app.db.query(
          'SELECT count(*)::int AS n FROM identity.refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL',
          [user.id],
        )
      )[0].n;
    expect(await openTokens()).toBe(2); // signup's session and login's
    const logout = await app.http.post('/api/v1/auth/logout').send({ refreshToken: login.body.refreshToken });
    expect(logout.status).toBe(204);
    expect(await openTokens()).toBe(1);
    const refresh = await app.http
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: login.body.refreshToken });
    expect(refresh.status).toBe(401);
  });
});
