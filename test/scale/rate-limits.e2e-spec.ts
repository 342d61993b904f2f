import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimiter } from '../../src/platform/http/rate-limiter';
import { emailKey } from '../../src/modules/identity/domain/email-key';
import { signUp, uniqueEmail } from '../support/identity.factory';
import type { TestDatabase } from '../support/test-database';
import { createTestDatabase } from '../support/test-database';
import type { Instance } from './scale-support';
import { reachableSync, startInstance } from './scale-support';

const redisUp = reachableSync('127.0.0.1', 6379);
if (!redisUp) console.warn('Redis does not answer at 127.0.0.1:6379: the Redis rate-limit tests are skipped');

const login = (i: Instance) =>
  i.http.post('/api/v1/auth/login').send({ email: uniqueEmail(), password: 'wrong-Password-1' });

/** Five attempts allowed per IP: three on one instance and two on the other use them all up. */
async function exhaustAcross(a: Instance, b: Instance): Promise<number[]> {
  const statuses: number[] = [];
  for (const instance of [a, a, a, b, b, a, b]) statuses.push((await login(instance)).status);
  return statuses;
}

describe('scale: rate limits are shared by every instance (PostgreSQL, the default)', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { AUTH_RATE_LIMIT_PER_IP: '5', WRITE_RATE_LIMIT_PER_MINUTE: '12' };
    [a, b] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('counts logins on both instances against one limit, in platform.rate_limits', async () => {
    expect(a.app.get(RateLimiter).store.constructor.name).toBe('PostgresRateLimitStore');
    expect(await exhaustAcross(a, b)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const rows = await a.db.query(
      `SELECT count, resets_at > now() AS open FROM platform.rate_limits WHERE key LIKE 'auth:ip:%'`,
    );
    expect(rows).toEqual([{ count: 7, open: true }]);
    const [{ relpersistence }] = await a.db.query(
      `SELECT relpersistence FROM pg_class WHERE oid = 'platform.rate_limits'::regclass`,
    );
    expect(relpersistence).toBe('u'); // UNLOGGED
  });

  it('counts concurrent hits from both instances exactly (one atomic upsert each)', async () => {
    const limiters = [a.app.get(RateLimiter), b.app.get(RateLimiter)];
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => limiters[i % 2].consume('scale:concurrent', 1000, 60)),
    );
    const [row] = await a.db.query(`SELECT count FROM platform.rate_limits WHERE key = 'scale:concurrent'`);
    expect(row.count).toBe(60);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => limiters[i % 2].consume('scale:concurrent', 65, 60)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'rejected')).toHaveLength(5);
  });

  it('opens a new window once the old one has ended', async () => {
    await a.db.query(`UPDATE platform.rate_limits SET resets_at = now() - interval '1 second'`);
    expect((await login(b)).status).toBe(401);
    const [row] = await a.db.query(`SELECT count FROM platform.rate_limits WHERE key LIKE 'auth:ip:%'`);
    expect(row.count).toBe(1);
  });

  it('counts writes of one user across instances', async () => {
    await a.db.query('DELETE FROM platform.rate_limits');
    const user = await signUp(a.http); // the signup is the IP's first write of the minute
    const write = (i: Instance) => i.http.put('/api/v1/auth/profile').set(user.auth).send({ bio: 'Hi' });
    const statuses: number[] = [];
    for (const instance of [a, b, a, b, a, b, a, b, a, b, a, b])
      statuses.push((await write(instance)).status);
    expect(statuses).toEqual(Array(12).fill(200));
    const limited = await write(b);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const [row] = await a.db.query(`SELECT count FROM platform.rate_limits WHERE key = $1`, [
      `writes:user:${user.id}`,
    ]);
    expect(row.count).toBe(13);
  });
});

describe('scale: in-memory counters are per instance (why they are not the default)', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = { AUTH_RATE_LIMIT_PER_IP: '5', RATE_LIMIT_STORE: 'memory' };
    [a, b] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await database?.drop();
  });

  it('lets each instance allow the full limit, and writes nothing to the database', async () => {
    expect(await exhaustAcross(a, b)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(await a.db.query('SELECT * FROM platform.rate_limits')).toEqual([]);
  });
});

(redisUp ? describe : describe.skip)('scale: rate limits in Redis when REDIS_URL is set', () => {
  let database: TestDatabase;
  let a: Instance;
  let b: Instance;
  let redis: Redis;
  const prefix = `onesociety-test-${randomBytes(6).toString('hex')}:`;
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = new Redis('redis://127.0.0.1:6379');
    const env = {
      AUTH_RATE_LIMIT_PER_IP: '5',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: prefix,
    };
    [a, b] = await Promise.all([startInstance(database.url, env), startInstance(database.url, env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
    await database?.drop();
  });

  it('counts logins on both instances against one Redis counter that expires with the window', async () => {
    expect(a.app.get(RateLimiter).store.constructor.name).toBe('RedisRateLimitStore');
    expect(await exhaustAcross(a, b)).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const [key] = await redis.keys(`${prefix}rate-limit:auth:ip:*`);
    expect(await redis.get(key)).toBe('7');
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(900_000);
    expect(await a.db.query('SELECT * FROM platform.rate_limits')).toEqual([]);
  });

  it('forgets an account counter after a successful login', async () => {
    const email = uniqueEmail();
    await redis.del(...(await redis.keys(`${prefix}rate-limit:auth:ip:*`)));
    const signup = await a.http
      .post('/api/v1/auth/signup')
      .send({ email, password: 'correct-Horse-42', fullName: 'Shared Limits' });
    expect(signup.status).toBe(201);
    // The key names the email's hash: an erased account leaves no address in the counters.
    const key = `${prefix}rate-limit:login:account:${emailKey(email)}`;
    expect(await redis.exists(key)).toBe(1);
    expect((await redis.keys(`${prefix}*${email}*`)).length).toBe(0);
    const ok = await b.http.post('/api/v1/auth/login').send({ email, password: 'correct-Horse-42' });
    expect(ok.status).toBe(200);
    expect(await redis.exists(key)).toBe(0);
  });
});

describe('scale: an unreachable Redis does not take logins down', () => {
  let database: TestDatabase;
  let a: Instance;
  beforeAll(async () => {
    database = await createTestDatabase();
    // Port 1: nothing listens there, so every Redis command fails.
    a = await startInstance(database.url, { REDIS_URL: 'redis://127.0.0.1:1', AUTH_RATE_LIMIT_PER_IP: '1' });
  });
  afterAll(async () => {
    await a?.close();
    await database?.drop();
  });

  it('lets requests through (fail open) instead of answering 500', async () => {
    expect((await login(a)).status).toBe(401);
    expect((await login(a)).status).toBe(401);
  });
});
