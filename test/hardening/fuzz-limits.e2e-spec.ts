import type { Response } from 'supertest';
import { signUp, type SignedUpUser } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { changedTables, snapshotDatabase } from './support/db-snapshot';
import { HOSTILE_STRINGS, nestedJson } from './support/fuzz/hostile';
import { describeResponse, HARDENING_ENV, isProblem, REQUEST_DEADLINE_MS } from './support/http';

/**
 * The extremes the property-based fuzzer only brushes: bodies nested thousands of levels deep,
 * thousands of unknown properties, megabyte property names, over-long path parameters and request
 * heads, NUL characters PostgreSQL cannot store, a JSON `null` body. Each must be a bounded 4xx
 * problem+json that changes nothing; hostile text that is valid is stored and returned verbatim.
 */
describe('hardening: input extremes', () => {
  let t: TestApp;
  let user: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp(HARDENING_ENV);
    user = await signUp(t.http, { fullName: 'Edge Case' });
  });
  afterAll(() => t.close());

  const putProfileRaw = (raw: string) =>
    t.http
      .put('/api/v1/auth/profile')
      .set(user.auth)
      .set('content-type', 'application/json')
      .timeout({ deadline: REQUEST_DEADLINE_MS })
      .send(raw);

  /** Runs `request`, which must be refused with a 4xx problem+json and change nothing. */
  async function expectRefused(request: () => Promise<Response>, maxBytes = 16 * 1024) {
    const before = await snapshotDatabase(t.db);
    const res = await request();
    expect({ status: res.status, problem: isProblem(res), res: describeResponse(res) }).toMatchObject({
      status: expect.any(Number),
      problem: true,
    });
    expect(res.status >= 400 && res.status < 500).toBe(true);
    expect(Buffer.byteLength(res.text ?? '')).toBeLessThanOrEqual(maxBytes);
    expect(changedTables(before, await snapshotDatabase(t.db))).toEqual([]);
    return res;
  }

  it.each([
    ['an object', 'object' as const],
    ['an array', 'array' as const],
  ])(
    'refuses an unknown property nested 10,000 levels deep in %s (4xx, not a stack overflow)',
    async (_, kind) => {
      await expectRefused(() => putProfileRaw(`{"bio":"deep","x":${nestedJson(10_000, kind)}}`));
    },
  );

  it('answers 60,000 unknown properties with a short 422 naming at most 50, without seconds of CPU', async () => {
    const body = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":0`).join(',')}}`;
    const started = Date.now();
    const res = await expectRefused(() => putProfileRaw(body));
    // Generous: refusing early takes milliseconds; validating every property took 4-11 s here (H-13),
    // all of it on the event loop, so one 650 KB request stalled every other request that long.
    const elapsedMs = Date.now() - started;
    expect(res.status).toBe(422);
    expect(res.body.errors.length).toBeLessThanOrEqual(50);
    expect(elapsedMs).toBeLessThan(2000);
  });

  it('answers a 900 KB property name with a short 422', async () => {
    const res = await expectRefused(() => putProfileRaw(`{"${'k'.repeat(900_000)}":0}`));
    expect(res.status).toBe(422);
  });

  it('refuses a path parameter longer than the router allows with problem+json', async () => {
    await expectRefused(() => t.http.get(`/api/v1/products/${'x'.repeat(500)}`).set(user.auth));
  });

  it('refuses a request head over 16 KiB with problem+json', async () => {
    await expectRefused(() => t.http.get('/api/v1/products').query({ q: 'x'.repeat(20_000) }));
  });

  it.each([
    ['PUT /auth/profile', () => t.http.put('/api/v1/auth/profile').set(user.auth).send({ bio: 'a\u0000b' })],
    [
      'POST /auth/signup',
      () =>
        t.http
          .post('/api/v1/auth/signup')
          .send({ email: 'nul@example.com', password: 'correct-Horse-42', fullName: 'Nul\u0000Name' }),
    ],
  ])('refuses text with U+0000, which PostgreSQL cannot store, on %s (422, not 500)', async (_, request) => {
    const res = await expectRefused(request);
    expect(res.status).toBe(422);
  });

  it('refuses a JSON null body where an object is required (422), changing nothing', async () => {
    const res = await expectRefused(() => putProfileRaw('null'));
    expect(res.status).toBe(422);
  });

  it('stores hostile but valid text verbatim and returns it unchanged (parameterised SQL, nothing rendered)', async () => {
    for (const text of HOSTILE_STRINGS.filter(
      (s) => !s.includes('\u0000') && !/^\s*$/.test(s) && !s.includes('\ud800'),
    )) {
      const res = await t.http.put('/api/v1/auth/profile').set(user.auth).send({ bio: text });
      expect({ text, status: res.status, bio: res.body.profile?.bio }).toEqual({
        text,
        status: 200,
        bio: text,
      });
      const [row] = await t.db.query('SELECT bio FROM identity.profiles WHERE user_id = $1', [user.id]);
      expect(row.bio).toBe(text);
    }
    expect(await t.db.query(`SELECT to_regclass('identity.users') IS NOT NULL AS present`)).toEqual([
      { present: true },
    ]);
  });
});
