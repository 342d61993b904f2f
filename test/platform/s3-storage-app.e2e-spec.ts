import type { S3Client } from '@aws-sdk/client-s3';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { ConfigError, loadConfig } from '../../src/platform/config/app-config';
import { ObjectStorage } from '../../src/platform/storage/object-storage';
import { S3ObjectStorage } from '../../src/platform/storage/s3-object-storage';
import { createProduct } from '../support/catalog.factory';
import { signUp } from '../support/identity.factory';
import { S3RVER_KEY, bucketReader, startS3Server, type S3TestServer } from '../support/s3-server';
import { createTestApp, TEST_ENV, type TestApp } from '../support/test-app';

// The app configured with S3_* settings, against a real S3 API (s3rver, SigV4 checked in front
// of it): uploads land in the bucket, the URLs clients get fetch the bytes, deletes empty it.

type VariantName = 'thumbnail' | 'card' | 'full';
interface UploadedImage {
  id: string;
  url: string;
  variants: Record<VariantName, { url: string; width: number; height: number }>;
}

const VARIANTS: VariantName[] = ['thumbnail', 'card', 'full'];
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A 1200x900 JPEG photo-like enough for the pipeline (gradient noise, not one flat colour). */
async function photo(): Promise<Buffer> {
  const width = 1200;
  const height = 900;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 31 + (i % 7) * 13) % 256;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const pathOf = (url: string) => new URL(url).pathname;

describe('the app with S3_* settings stores uploads in the bucket', () => {
  let s3: S3TestServer;
  let t: TestApp;
  let reader: S3Client;

  async function bucketKeys(): Promise<string[]> {
    const listed = await reader.send(new ListObjectsV2Command({ Bucket: s3.bucket }));
    return (listed.Contents ?? []).map((object) => object.Key!).sort();
  }

  beforeAll(async () => {
    s3 = await startS3Server();
    t = await createTestApp(s3.env);
    reader = bucketReader(s3);
  });

  afterAll(async () => {
    reader?.destroy();
    await t?.close();
    await s3?.stop();
  });

  it('the ObjectStorage the app uses is the S3 adapter', () => {
    expect(t.app.get(ObjectStorage)).toBeInstanceOf(S3ObjectStorage);
  });

  it('an uploaded photo: variants in the bucket, presigned URLs in the product that fetch the WebP bytes; deleting it empties the bucket', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner, { images: [] });

    const upload = await t.http
      .post(`/api/v1/products/${product.id}/images`)
      .set(owner.auth)
      .attach('file', await photo(), { filename: 'drill.jpg', contentType: 'image/jpeg' })
      .field('alt', 'The drill');

    expect(upload.status).toBe(201);
    const image = upload.body as UploadedImage;
    const keys = await bucketKeys();
    expect(keys).toHaveLength(3);
    for (const name of VARIANTS) {
      expect(pathOf(image.variants[name].url)).toMatch(
        new RegExp(`^/${s3.bucket}/images/.+-${name}\\.webp$`),
      );
      expect(keys).toContain(
        decodeURIComponent(pathOf(image.variants[name].url).slice(s3.bucket.length + 2)),
      );
      expect(new URL(image.variants[name].url).searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(image.url).toBe(image.variants.full.url);

    // What a client does: read the product, GET each variant URL it was given.
    const view = await t.http.get(`/api/v1/products/${product.id}`);
    expect(view.status).toBe(200);
    const shown = (view.body.images as UploadedImage[]).find((i) => i.id === image.id)!;
    for (const name of VARIANTS) {
      const variant = shown.variants[name];
      expect(pathOf(variant.url)).toBe(pathOf(image.variants[name].url));
      const answer = await fetch(variant.url);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('image/webp');
      expect(answer.headers.get('cache-control')).toBe(IMMUTABLE);
      const decoded = await sharp(Buffer.from(await answer.arrayBuffer())).metadata();
      expect({ name, format: decoded.format, width: decoded.width, height: decoded.height }).toEqual({
        name,
        format: 'webp',
        width: variant.width,
        height: variant.height,
      });
    }
    expect(shown.variants.full).toMatchObject({ width: 1200, height: 900 });
    expect(shown.variants.thumbnail).toMatchObject({ width: 200, height: 200 });

    const removed = await t.http.delete(`/api/v1/products/${product.id}/images/${image.id}`).set(owner.auth);

    expect(removed.status).toBe(204);
    expect(await bucketKeys()).toEqual([]);
    for (const name of VARIANTS) expect((await fetch(shown.variants[name].url)).status).toBe(404);
    const rows = await t.db.query('SELECT id FROM catalog.product_images WHERE product_id = $1', [
      product.id,
    ]);
    expect(rows).toEqual([]);
  });
});

describe('the app when its S3 store is down', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({
      S3_BUCKET: 'onesociety-media',
      S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an upload answers 503 MEDIA.STORAGE_UNAVAILABLE with Retry-After, writes no row, and reads still work', async () => {
    const owner = await signUp(t.http);
    const product = await createProduct(t, owner, { images: [] });
    const started = Date.now();

    const upload = await t.http
      .post(`/api/v1/products/${product.id}/images`)
      .set(owner.auth)
      .attach('file', await photo(), { filename: 'drill.jpg', contentType: 'image/jpeg' });

    expect(upload.status).toBe(503);
    expect(upload.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(upload.headers['retry-after']).toBe('5');
    expect(upload.body).toMatchObject({
      status: 503,
      code: 'MEDIA.STORAGE_UNAVAILABLE',
      detail: 'The file store is temporarily unavailable; try again shortly',
    });
    expect(JSON.stringify(upload.body)).not.toContain('127.0.0.1');
    expect(Date.now() - started).toBeLessThan(10_000);
    const rows = await t.db.query('SELECT id FROM catalog.product_images WHERE product_id = $1', [
      product.id,
    ]);
    expect(rows).toEqual([]);
    expect((await t.http.get(`/api/v1/products/${product.id}`)).status).toBe(200);
  });
});

describe('S3_* settings', () => {
  const load = (env: Record<string, string>) => () => loadConfig({ ...TEST_ENV, ...env });

  it('defaults: no bucket (local storage), us-east-1, presigned GETs valid an hour, path style decided by the endpoint', () => {
    const config = loadConfig(TEST_ENV);

    expect(config.S3_BUCKET).toBeUndefined();
    expect(config.S3_REGION).toBe('us-east-1');
    expect(config.S3_PRESIGN_SECONDS).toBe(3600);
    expect(config.S3_FORCE_PATH_STYLE).toBeUndefined();
    expect(loadConfig({ ...TEST_ENV, S3_FORCE_PATH_STYLE: 'false' }).S3_FORCE_PATH_STYLE).toBe(false);
  });

  it.each([
    [{ S3_BUCKET: 'Bad_Bucket' }, 'S3_BUCKET'],
    [{ S3_ENDPOINT: 'not-a-url' }, 'S3_ENDPOINT'],
    [{ S3_PUBLIC_URL: 'ftp://cdn.example.com' }, 'S3_PUBLIC_URL'],
    [{ S3_PRESIGN_SECONDS: '0' }, 'S3_PRESIGN_SECONDS'],
    [{ S3_PRESIGN_SECONDS: '604801' }, 'S3_PRESIGN_SECONDS'],
    [{ S3_PRESIGN_SECONDS: 'soon' }, 'S3_PRESIGN_SECONDS'],
    [{ S3_ACCESS_KEY_ID: 'AKIAEXAMPLE' }, 'S3_SECRET_ACCESS_KEY'],
    [{ S3_SECRET_ACCESS_KEY: 'secret' }, 'S3_ACCESS_KEY_ID'],
  ])('%j is refused at start, naming the variable', (env, variable) => {
    expect(load(env)).toThrow(ConfigError);
    expect(load(env)).toThrow(variable);
  });
});
