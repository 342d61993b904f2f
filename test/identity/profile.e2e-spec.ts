import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { expectMalformedId } from '../support/uuid-assertions';

describe('identity: profiles and public user views', () => {
  let t: TestApp;
  let ada: SignedUpUser;
  beforeAll(async () => {
    t = await createTestApp();
    ada = await signUp(t.http, { fullName: 'Ada Lovelace' });
  });
  afterAll(() => t.close());

  it('GET /auth/profile returns the caller’s own account', async () => {
    const res = await t.http.get('/api/v1/auth/profile').set(ada.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ada.id,
      email: ada.email,
      role: 'user',
      profile: {
        fullName: 'Ada Lovelace',
        displayName: 'Ada',
        bio: null,
        location: { city: null, country: null },
      },
    });
  });

  it('GET /auth/profile without a token is 401 problem+json', async () => {
    const res = await t.http.get('/api/v1/auth/profile');
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('PUT /auth/profile updates the given fields and keeps the others', async () => {
    const res = await t.http
      .put('/api/v1/auth/profile')
      .set(ada.auth)
      .send({
        displayName: 'Countess',
        bio: 'Lends looms.',
        phone: '+351912345678',
        avatarUrl: 'https://img.example.com/a.png',
        location: { city: 'Lisbon', country: 'pt', lat: 38.72, lng: -9.14 },
      });
    expect(res.status).toBe(200);
    expect(res.body.profile).toEqual({
      fullName: 'Ada Lovelace',
      displayName: 'Countess',
      bio: 'Lends looms.',
      phone: '+351912345678',
      avatarUrl: 'https://img.example.com/a.png',
      avatar: null,
      location: { city: 'Lisbon', country: 'PT', lat: 38.72, lng: -9.14 },
    });
    const [row] = await t.db.query(
      'SELECT display_name, city, country, latitude FROM identity.profiles WHERE user_id = $1',
      [ada.id],
    );
    expect(row).toEqual({ display_name: 'Countess', city: 'Lisbon', country: 'PT', latitude: 38.72 });

    const cleared = await t.http
      .put('/api/v1/auth/profile')
      .set(ada.auth)
      .send({ bio: null, location: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.profile).toMatchObject({
      bio: null,
      displayName: 'Countess',
      location: { city: null, lat: null },
    });
  });

  it.each([
    [{ email: 'new@example.com' }, 'email'],
    [{ role: 'admin' }, 'role'],
    [{ avatarUrl: 'http://insecure.example.com/a.png' }, 'avatarUrl'],
    [{ avatarUrl: 'javascript:alert(1)' }, 'avatarUrl'],
    [{ phone: '12345' }, 'phone'],
    [{ location: { city: 'X', country: 'ZZ' } }, 'location.country'],
    [{ location: { city: 'X', country: 'PT', lat: 91 } }, 'location.lat'],
    [{ displayName: '' }, 'displayName'],
    [{ bio: 'x'.repeat(2001) }, 'bio'],
  ])('PUT /auth/profile refuses %j (422) and changes nothing', async (body, field) => {
    const before = await t.db.query('SELECT * FROM identity.profiles WHERE user_id = $1', [ada.id]);
    const res = await t.http.put('/api/v1/auth/profile').set(ada.auth).send(body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const [user] = await t.db.query('SELECT email, role FROM identity.users WHERE id = $1', [ada.id]);
    expect(user).toEqual({ email: ada.email, role: 'user' });
    expect(await t.db.query('SELECT * FROM identity.profiles WHERE user_id = $1', [ada.id])).toEqual(before);
  });

  it('GET /users/:id shows the public view only', async () => {
    await t.http
      .put('/api/v1/auth/profile')
      .set(ada.auth)
      .send({ phone: '+351912345678', location: { city: 'Porto', country: 'PT' } });
    const bob = await signUp(t.http);
    const res = await t.http.get(`/api/v1/users/${ada.id}`).set(bob.auth);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual([
      'avatarUrl',
      'city',
      'country',
      'displayName',
      'id',
      'memberSince',
    ]);
    expect(res.body).toMatchObject({ id: ada.id, city: 'Porto', country: 'PT' });
    expect(JSON.stringify(res.body)).not.toContain(ada.email);
    expect(JSON.stringify(res.body)).not.toContain('+351912345678');
  });

  it('GET /users/:id is 404 for unknown and suspended ids, 422 for a malformed one', async () => {
    const suspended = await signUp(t.http);
    await t.db.query(`UPDATE identity.users SET status = 'suspended' WHERE id = $1`, [suspended.id]);
    for (const id of ['00000000-0000-4000-8000-000000000000', suspended.id]) {
      const res = await t.http.get(`/api/v1/users/${id}`).set(ada.auth);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expectMalformedId(await t.http.get('/api/v1/users/not-a-uuid').set(ada.auth), 'id');
  });
});
