import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import request from 'supertest';
import { createCategory, createProduct } from '../support/catalog.factory';
import { leaksMetadata, photo } from '../support/hostile-files';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { storedMediaFiles } from '../support/media-files';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const MISSING = '00000000-0000-4000-8000-000000000000';
const LIMIT = 12;

interface Variant {
  url: string;
  width: number;
  height: number;
}
interface ImageBody {
  id: string;
  source: 'url' | 'upload';
  url: string;
  alt: string | null;
  position: number;
  variants: { thumbnail: Variant; card: Variant; full: Variant } | null;
}

describe('catalog: listing photos (uploads)', () => {
  let t: TestApp;
  let dataDir: string;
  let owner: SignedUpUser;
  let other: SignedUpUser;
  let categoryId: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    // A DATA_DIR of its own: the files on disk are this app's alone.
    dataDir = mkdtempSync(join(tmpdir(), 'product-images-'));
    t = await createTestApp({ DATA_DIR: dataDir });
    owner = await signUp(t.http, { fullName: 'Olivia Owner' });
    other = await signUp(t.http, { fullName: 'Rita Renter' });
    categoryId = (await createCategory(t, { name: 'Cameras' })).id;
    jpeg = (await photo('jpeg', { width: 2000, height: 1500 })).bytes;
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const files = () => storedMediaFiles(dataDir);
  const mediaPath = (key: string) => join(dataDir, 'media', key);
  const listing = (overrides = {}) => createProduct(t, owner, { categoryId, images: [], ...overrides });
  const upload = (productId: string, user = owner, alt?: string) => {
    const req = t.http
      .post(`/api/v1/products/${productId}/images`)
      .set(user.auth)
      .attach('file', jpeg, { filename: 'camera.jpg', contentType: 'image/jpeg' });
    return alt === undefined ? req : req.field('alt', alt);
  };
  const rows = (productId: string) =>
    t.db.query(
      `SELECT id, position, source, url, alt, width, height, content_hash, variants
       FROM catalog.product_images WHERE product_id = $1 ORDER BY position`,
      [productId],
    );
  const keysOf = (variants: Record<string, { key: string }>) => Object.values(variants).map((v) => v.key);

  it('POST .../images stores the re-encoded variants and shows them in the product view', async () => {
    const product = await listing();
    const res = await upload(product.id, owner, '  The camera, lens cap on ');
    expect(res.status).toBe(201);
    const image = res.body as ImageBody;
    expect(image).toEqual({
      id: expect.any(String),
      source: 'upload',
      url: image.variants!.full.url,
      alt: 'The camera, lens cap on',
      position: 0,
      variants: {
        thumbnail: {
          url: expect.stringMatching(/\/media\/images\/.+-thumbnail\.webp$/),
          width: 200,
          height: 200,
        },
        card: { url: expect.stringMatching(/-card\.webp$/), width: 600, height: 450 },
        full: { url: expect.stringMatching(/-full\.webp$/), width: 1600, height: 1200 },
      },
    });

    const [row] = await rows(product.id);
    expect(row).toMatchObject({
      id: image.id,
      position: 0,
      source: 'upload',
      url: null,
      width: 1600,
      height: 1200,
    });
    expect(row.content_hash).toMatch(/^[0-9a-f]{64}$/);
    for (const key of keysOf(row.variants)) {
      expect(key).toMatch(new RegExp(`^images/${image.id}/[0-9a-f]{16}-(thumbnail|card|full)\\.webp$`));
      const bytes = readFileSync(mediaPath(key));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('webp');
      expect(meta.exif).toBeUndefined();
      expect(leaksMetadata(bytes)).toBe(false);
    }

    const view = await t.http.get(`/api/v1/products/${product.id}`);
    expect(view.status).toBe(200);
    expect(view.body.images).toEqual([image]);
    // The URLs answer, with the bytes stored.
    for (const variant of Object.values(image.variants!)) {
      const got = await request(t.app.getHttpServer()).get(new URL(variant.url).pathname).buffer(true);
      expect(got.status).toBe(200);
      const meta = await sharp(got.body as Buffer).metadata();
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
    }
  });

  it('the cover of a search result is the first image, an upload with its card URL', async () => {
    const product = await listing({ title: 'Cover camera zq7' });
    const uploaded = (await upload(product.id)).body as ImageBody;
    const res = await t.http.get('/api/v1/products').query({ q: 'zq7' });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([product.id]);
    expect(res.body.items[0].coverImage).toEqual({
      url: uploaded.variants!.card.url,
      alt: null,
      variants: uploaded.variants,
    });
  });

  it('PATCH .../images/{imageId} changes the alt text (URL images too)', async () => {
    const product = await listing({ images: [{ url: 'https://img.example.com/a.jpg', alt: 'old' }] });
    const [urlImage] = product.images as ImageBody[];
    expect(urlImage).toMatchObject({ source: 'url', variants: null, url: 'https://img.example.com/a.jpg' });
    const uploaded = (await upload(product.id)).body as ImageBody;

    const changed = await t.http
      .patch(`/api/v1/products/${product.id}/images/${uploaded.id}`)
      .set(owner.auth)
      .send({ alt: 'Side view' });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ ...uploaded, alt: 'Side view' });
    const cleared = await t.http
      .patch(`/api/v1/products/${product.id}/images/${urlImage.id}`)
      .set(owner.auth)
      .send({ alt: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ ...urlImage, alt: null });
    expect((await rows(product.id)).map((r: { alt: string | null }) => r.alt)).toEqual([null, 'Side view']);

    const tooLong = await t.http
      .patch(`/api/v1/products/${product.id}/images/${uploaded.id}`)
      .set(owner.auth)
      .send({ alt: 'x'.repeat(201) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['alt']);
    const unknown = await t.http
      .patch(`/api/v1/products/${product.id}/images/${MISSING}`)
      .set(owner.auth)
      .send({ alt: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CATALOG.IMAGE_NOT_FOUND');
  });

  it('PUT .../images/order reorders, the first becoming the cover', async () => {
    const product = await listing({
      title: 'Reordered camera kx3',
      images: [{ url: 'https://img.example.com/b.jpg' }],
    });
    const [urlImage] = product.images as ImageBody[];
    const first = (await upload(product.id)).body as ImageBody;
    const second = (await upload(product.id)).body as ImageBody;
    expect([urlImage.position, first.position, second.position]).toEqual([0, 1, 2]);

    const res = await t.http
      .put(`/api/v1/products/${product.id}/images/order`)
      .set(owner.auth)
      .send({ imageIds: [second.id.toUpperCase(), urlImage.id, first.id] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { ...second, position: 0 },
      { ...urlImage, position: 1 },
      { ...first, position: 2 },
    ]);
    expect((await rows(product.id)).map((r: { id: string }) => r.id)).toEqual([
      second.id,
      urlImage.id,
      first.id,
    ]);
    const view = await t.http.get(`/api/v1/products/${product.id}`);
    expect(view.body.images.map((i: ImageBody) => i.id)).toEqual([second.id, urlImage.id, first.id]);
    const search = await t.http.get('/api/v1/products').query({ q: 'kx3' });
    expect(search.body.items[0].coverImage.url).toBe(second.variants!.card.url);
  });

  it('PUT .../images/order refuses an order that does not list every image exactly once (422)', async () => {
    const product = await listing();
    const a = (await upload(product.id)).body as ImageBody;
    const b = (await upload(product.id)).body as ImageBody;
    for (const imageIds of [[a.id], [a.id, a.id], [a.id, b.id, MISSING], [b.id, MISSING], []]) {
      const res = await t.http
        .put(`/api/v1/products/${product.id}/images/order`)
        .set(owner.auth)
        .send({ imageIds });
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['imageIds']);
    }
    expect((await rows(product.id)).map((r: { id: string }) => r.id)).toEqual([a.id, b.id]);
  });

  it(`stores exactly ${LIMIT} images however many uploads arrive at once; the others leave no file`, async () => {
    const product = await listing({ images: [{ url: 'https://img.example.com/c.jpg' }] });
    const before = files().length;
    const answers = await Promise.all(Array.from({ length: LIMIT + 3 }, () => upload(product.id)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LIMIT - 1).fill(201), ...Array(4).fill(409)]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({ code: 'CATALOG.TOO_MANY_IMAGES', max: LIMIT });
    const stored = await rows(product.id);
    expect(stored.map((r: { position: number }) => r.position)).toEqual([...Array(LIMIT).keys()]);
    expect(files().length - before).toBe((LIMIT - 1) * 3);
  });

  it("another owner's product is 404 and nothing is stored", async () => {
    const product = await listing();
    const before = files();
    const res = await upload(product.id, other);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('CATALOG.PRODUCT_NOT_FOUND');
    expect(await upload(MISSING).then((r) => r.status)).toBe(404);
    expect(await rows(product.id)).toEqual([]);
    expect(files()).toEqual(before);

    const mine = (await upload(product.id)).body as ImageBody;
    const path = `/api/v1/products/${product.id}/images`;
    for (const answer of [
      await t.http.patch(`${path}/${mine.id}`).set(other.auth).send({ alt: 'mine now' }),
      await t.http
        .put(`${path}/order`)
        .set(other.auth)
        .send({ imageIds: [mine.id] }),
      await t.http.delete(`${path}/${mine.id}`).set(other.auth),
    ]) {
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('CATALOG.PRODUCT_NOT_FOUND');
    }
    expect((await rows(product.id)).map((r: { alt: string | null }) => r.alt)).toEqual([null]);
  });

  it('DELETE .../images/{imageId} removes the row, closes the gap and withdraws the files', async () => {
    const product = await listing({ images: [{ url: 'https://img.example.com/d.jpg' }] });
    const a = (await upload(product.id)).body as ImageBody;
    const b = (await upload(product.id)).body as ImageBody;
    const [row] = (await rows(product.id)).filter((r: { id: string }) => r.id === a.id);
    const keys = keysOf(row.variants);
    expect(keys.every((k) => existsSync(mediaPath(k)))).toBe(true);

    const res = await t.http.delete(`/api/v1/products/${product.id}/images/${a.id}`).set(owner.auth);
    expect(res.status).toBe(204);
    expect(keys.some((k) => existsSync(mediaPath(k)))).toBe(false);
    const left = await rows(product.id);
    expect(left.map((r: { source: string; position: number }) => [r.source, r.position])).toEqual([
      ['url', 0],
      ['upload', 1],
    ]);
    expect(left[1].id).toBe(b.id);
    const again = await t.http.delete(`/api/v1/products/${product.id}/images/${a.id}`).set(owner.auth);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('CATALOG.IMAGE_NOT_FOUND');
  });

  it('a product write replaces its URL images and keeps the uploads after them', async () => {
    const product = await listing({ images: [{ url: 'https://img.example.com/e.jpg' }] });
    const uploaded = (await upload(product.id)).body as ImageBody;
    const res = await t.http
      .put(`/api/v1/products/${product.id}`)
      .set(owner.auth)
      .send({ images: [{ url: 'https://img.example.com/f.jpg' }, { url: 'https://img.example.com/g.jpg' }] });
    expect(res.status).toBe(200);
    expect(res.body.images.map((i: ImageBody) => [i.source, i.url, i.position])).toEqual([
      ['url', 'https://img.example.com/f.jpg', 0],
      ['url', 'https://img.example.com/g.jpg', 1],
      ['upload', uploaded.url, 2],
    ]);
    const tooMany = await t.http
      .put(`/api/v1/products/${product.id}`)
      .set(owner.auth)
      .send({
        images: Array.from({ length: LIMIT }, (_, i) => ({ url: `https://img.example.com/${i}.jpg` })),
      });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['images']);
  });

  it('deleting the listing withdraws its stored files and image rows', async () => {
    const product = await listing();
    await upload(product.id);
    await upload(product.id);
    const keys: string[] = (await rows(product.id)).flatMap(
      (r: { variants: Record<string, { key: string }> }) => keysOf(r.variants),
    );
    expect(keys).toHaveLength(6);
    const res = await t.http.delete(`/api/v1/products/${product.id}`).set(owner.auth);
    expect(res.status).toBe(204);
    expect(await rows(product.id)).toEqual([]);
    expect(keys.filter((k) => existsSync(mediaPath(k)))).toEqual([]);
    expect(await upload(product.id).then((r) => r.status)).toBe(404);
  });
});
