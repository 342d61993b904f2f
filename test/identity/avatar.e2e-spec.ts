import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProduct } from '../support/catalog.factory';
import { deleteAccount } from '../support/erasure.factory';
import { drain } from '../support/payment.factory';
import { photo } from '../support/hostile-files';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { storedMediaFiles } from '../support/media-files';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const AVATAR = '/api/v1/auth/profile/avatar';

describe('identity: avatars (uploads)', () => {
  let t: TestApp;
  let dataDir: string;
  let ada: SignedUpUser;
  let png: Buffer;
  let jpeg: Buffer;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'avatars-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    ada = await signUp(t.http, { fullName: 'Ada Lovelace' });
    png = (await photo('png', { width: 800, height: 1000 })).bytes;
    jpeg = (await photo('jpeg', { width: 300, height: 300 })).bytes;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = (bytes: Buffer, user = ada) =>
    t.http.put(AVATAR).set(user.auth).attach('file', bytes, { filename: 'me.png', contentType: 'image/png' });
  const profileRow = async (userId = ada.id) =>
    (
      await t.db.query('SELECT avatar_url, avatar_variants FROM identity.profiles WHERE user_id = $1', [
        userId,
      ])
    )[0];
  const keysOf = (variants: Record<string, { key: string }>) => Object.values(variants).map((v) => v.key);
  const stored = (keys: string[]) => keys.filter((k) => existsSync(join(dataDir, 'media', k)));

  it('PUT sets the avatar: the profile shows its card variant, the public view and listings too', async () => {
    const res = await put(png);
    expect(res.status).toBe(200);
    const { avatar, avatarUrl } = res.body.profile;
    expect(avatar).toEqual({
      thumbnail: { url: expect.stringMatching(/-thumbnail\.webp$/), width: 200, height: 200 },
      card: { url: expect.stringMatching(/-card\.webp$/), width: 480, height: 600 },
      full: { url: expect.stringMatching(/-full\.webp$/), width: 800, height: 1000 },
    });
    expect(avatarUrl).toBe(avatar.card.url);

    const row = await profileRow();
    expect(row.avatar_url).toBeNull();
    expect(stored(keysOf(row.avatar_variants))).toHaveLength(3);

    const profile = await t.http.get('/api/v1/auth/profile').set(ada.auth);
    expect(profile.body.profile).toMatchObject({ avatarUrl, avatar });
    const publicView = await t.http.get(`/api/v1/users/${ada.id}`).set(ada.auth);
    expect(publicView.status).toBe(200);
    expect(publicView.body.avatarUrl).toBe(avatarUrl);
    const product = await createProduct(t, ada);
    expect(product.owner?.avatarUrl).toBe(avatarUrl);
  });

  it('PUT again replaces it and withdraws the earlier files', async () => {
    const before = (await profileRow()).avatar_variants;
    const res = await put(jpeg);
    expect(res.status).toBe(200);
    expect(res.body.profile.avatar.full).toMatchObject({ width: 300, height: 300 });
    const after = (await profileRow()).avatar_variants;
    expect(stored(keysOf(before))).toEqual([]);
    expect(stored(keysOf(after))).toHaveLength(3);
  });

  it('an avatarUrl set on the profile replaces the upload, whose files go', async () => {
    const upload = (await profileRow()).avatar_variants;
    const res = await t.http
      .put('/api/v1/auth/profile')
      .set(ada.auth)
      .send({ avatarUrl: 'https://images.example.com/ada.jpg' });
    expect(res.status).toBe(200);
    expect(res.body.profile).toMatchObject({ avatarUrl: 'https://images.example.com/ada.jpg', avatar: null });
    expect(await profileRow()).toEqual({
      avatar_url: 'https://images.example.com/ada.jpg',
      avatar_variants: null,
    });
    expect(stored(keysOf(upload))).toEqual([]);
  });

  it('DELETE removes the avatar, an upload with its files', async () => {
    await put(png);
    const upload = (await profileRow()).avatar_variants;
    const res = await t.http.delete(AVATAR).set(ada.auth);
    expect(res.status).toBe(204);
    expect(await profileRow()).toEqual({ avatar_url: null, avatar_variants: null });
    expect(stored(keysOf(upload))).toEqual([]);
    const publicView = await t.http.get(`/api/v1/users/${ada.id}`).set(ada.auth);
    expect(publicView.body.avatarUrl).toBeNull();
    // Nothing to remove is no error.
    expect((await t.http.delete(AVATAR).set(ada.auth)).status).toBe(204);
  });

  it('a file that is not an image is refused, nothing stored and the avatar unchanged', async () => {
    const bob = await signUp(t.http, { fullName: 'Bob Builder' });
    const before = storedMediaFiles(dataDir);
    const res = await t.http
      .put(AVATAR)
      .set(bob.auth)
      .attach('file', Buffer.from('<html><script>alert(1)</script></html>'), {
        filename: 'me.jpg',
        contentType: 'image/jpeg',
      });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MEDIA.UNSUPPORTED_TYPE');
    expect(await profileRow(bob.id)).toEqual({ avatar_url: null, avatar_variants: null });
    expect(storedMediaFiles(dataDir)).toEqual(before);
    const json = await t.http.put(AVATAR).set(bob.auth).send({ file: 'x' });
    expect(json.status).toBe(415);
    expect((await t.http.put(AVATAR).attach('file', png, 'me.png')).status).toBe(401);
  });

  it("erasing the account withdraws the avatar's files and the listing photos' files", async () => {
    const zoe = await signUp(t.http, { fullName: 'Zoe Erased' });
    expect((await put(png, zoe)).status).toBe(200);
    const product = await createProduct(t, zoe, { images: [] });
    const photoRes = await t.http
      .post(`/api/v1/products/${product.id}/images`)
      .set(zoe.auth)
      .attach('file', jpeg, { filename: 'tent.jpg', contentType: 'image/jpeg' });
    expect(photoRes.status).toBe(201);
    const [image] = await t.db.query('SELECT variants FROM catalog.product_images WHERE product_id = $1', [
      product.id,
    ]);
    const keys = [...keysOf((await profileRow(zoe.id)).avatar_variants), ...keysOf(image.variants)];
    expect(stored(keys)).toHaveLength(6);

    const res = await deleteAccount(t, zoe, { password: zoe.password });
    expect(res.status).toBe(204);
    // The avatar goes with identity's own erasure; the photos when catalog handles UserDeleted.
    expect(await profileRow(zoe.id)).toEqual({ avatar_url: null, avatar_variants: null });
    await drain(t);
    expect(
      await t.db.query('SELECT 1 FROM catalog.product_images WHERE product_id = $1', [product.id]),
    ).toEqual([]);
    expect(stored(keys)).toEqual([]);
  });
});
