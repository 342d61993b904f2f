import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DomainError } from '../../src/platform/errors/domain-error';
import { ImageIntake, type StoredImage } from '../../src/platform/media/image-intake';
import type { SharpImageIntake } from '../../src/platform/media/sharp-image-intake';
import { ObjectStorage } from '../../src/platform/storage/object-storage';
import { EXIF_MARKERS, HOSTILE_UPLOADS, leaksMetadata, photo } from '../support/hostile-files';
import { createTestApp, type TestApp } from '../support/test-app';

/** Every file under the media directory, temporary ones included. */
function filesUnder(directory: string): string[] {
  const entries = readdirSync(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Left half red, right half blue: after a 90° turn the halves say which way it went. */
async function halves(orientation: number): Promise<Buffer> {
  const blue = await sharp({ create: { width: 200, height: 300, channels: 3, background: '#0000ff' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#ff0000' } })
    .composite([{ input: blue, left: 200, top: 0 }])
    .withExif({ IFD0: { Make: EXIF_MARKERS.camera }, IFD3: { GPSMapDatum: EXIF_MARKERS.gps } })
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
}

async function pixelAt(image: Buffer, left: number, top: number): Promise<number[]> {
  const { data } = await sharp(image)
    .extract({ left, top, width: 1, height: 1 })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return [...data];
}

describe('platform: media intake and the local media route', () => {
  let t: TestApp;
  let intake: ImageIntake;
  const dataDir = mkdtempSync(join(tmpdir(), 'media-e2e-'));
  const mediaDir = join(dataDir, 'media');
  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir, UPLOAD_CONCURRENCY: '2' });
    intake = t.app.get(ImageIntake);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const served = async (image: StoredImage, name: 'thumbnail' | 'card' | 'full') => {
    const url = await t.app.get(ObjectStorage).urlFor(image.variants[name].key);
    const res = await t.http.get(new URL(url).pathname).buffer(true);
    expect(res.status).toBe(200);
    return res.body as Buffer;
  };

  it('turns a JPEG upright from its EXIF orientation and drops its EXIF and GPS', async () => {
    const input = await halves(6);
    expect(await sharp(input).metadata()).toMatchObject({ orientation: 6, exif: expect.any(Buffer) });
    expect(leaksMetadata(input)).toBe(true);

    const stored = await intake.store(input, 'upright');
    expect(stored.sourceType).toBe('image/jpeg');
    expect(stored.variants.full).toMatchObject({ width: 300, height: 400, contentType: 'image/webp' });
    expect(stored.variants.card).toMatchObject({ width: 300, height: 400 });
    expect(stored.variants.thumbnail).toMatchObject({ width: 200, height: 200 });
    for (const name of ['thumbnail', 'card', 'full'] as const) {
      const body = await served(stored, name);
      const meta = await sharp(body).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: stored.variants[name].width });
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(leaksMetadata(body)).toBe(false);
      expect(body.length).toBe(stored.variants[name].bytes);
    }
    // Orientation 6 is a quarter turn clockwise: the left (red) half is now on top.
    const full = await served(stored, 'full');
    const [top, bottom] = [await pixelAt(full, 150, 50), await pixelAt(full, 150, 350)];
    expect(top[0]).toBeGreaterThan(200);
    expect(top[2]).toBeLessThan(60);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(60);
  });

  it('takes PNG and WebP too, with the documented sizes, never upscaled', async () => {
    const png = await intake.store((await photo('png', { width: 2400, height: 1200 })).bytes, 'png-photo');
    expect(png.sourceType).toBe('image/png');
    expect(png.variants.full).toMatchObject({ width: 1600, height: 800 });
    expect(png.variants.card).toMatchObject({ width: 600, height: 300 });
    expect(png.variants.thumbnail).toMatchObject({ width: 200, height: 200 });

    const webp = await intake.store((await photo('webp', { width: 250, height: 120 })).bytes, 'webp-photo');
    expect(webp.sourceType).toBe('image/webp');
    expect(webp.variants.full).toMatchObject({ width: 250, height: 120 });
    expect(webp.variants.card).toMatchObject({ width: 250, height: 120 });
    expect(webp.variants.thumbnail).toMatchObject({ width: 120, height: 120 });
    for (const image of [png, webp]) {
      const meta = await sharp(await served(image, 'full')).metadata();
      expect([meta.format, meta.exif]).toEqual(['webp', undefined]);
    }
  });

  it('refuses hostile files with their codes and stores nothing', async () => {
    const before = filesUnder(mediaDir);
    for (const hostile of HOSTILE_UPLOADS) {
      const { bytes } = await hostile.file();
      const error = await intake.store(bytes, 'hostile').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect({ what: hostile.what, error }).toEqual({ what: hostile.what, error: expect.any(DomainError) });
      expect({ what: hostile.what, code: (error as DomainError).code }).toEqual({
        what: hostile.what,
        code: hostile.code,
      });
    }
    expect(filesUnder(mediaDir)).toEqual(before);
  });

  it('serves a variant with immutable caching, nosniff and an ETag that answers 304', async () => {
    const stored = await intake.store((await photo('jpeg')).bytes, 'cached');
    const path = new URL(await t.app.get(ObjectStorage).urlFor(stored.variants.card.key)).pathname;
    expect(path).toBe(`/media/${stored.variants.card.key}`);
    const res = await t.http.get(path).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'image/webp',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-length': String(stored.variants.card.bytes),
      etag: expect.stringMatching(/^"[A-Za-z0-9_-]{27}"$/),
    });
    const again = await t.http.get(path).set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
    expect(again.headers.etag).toBe(res.headers.etag);
  });

  it('answers 404 problems for unknown keys, traversal and anything that is not a key', async () => {
    const stored = await intake.store((await photo('jpeg')).bytes, 'traversal');
    const key = stored.variants.card.key;
    const attempts = [
      '/media/images/nobody/0000000000000000-card.webp',
      '/media/images/../../package.json',
      '/media/images/%2e%2e/%2e%2e/package.json',
      `/media/${key.replace(/\//g, '%2F')}`,
      `/media/images%2F..%2F..%2Fpackage.json`,
      `/media/${key}%00.webp`,
      '/media/.incoming/x.part',
      `/media/${key.replace('images/', 'images//')}`,
      `/media/${key.replace('images/', 'images%5C')}`,
      '/media/',
    ];
    for (const path of attempts) {
      const res = await t.http.get(path);
      expect({ path, status: res.status, type: res.headers['content-type'] }).toEqual({
        path,
        status: 404,
        type: expect.stringMatching(/^application\/problem\+json/),
      });
    }
  });

  it('withdraws every variant of an image; its URLs then answer 404', async () => {
    const stored = await intake.store((await photo('jpeg')).bytes, 'withdrawn');
    await intake.withdraw(stored);
    for (const variant of Object.values(stored.variants)) {
      expect((await t.http.get(`/media/${variant.key}`)).status).toBe(404);
    }
    expect(filesUnder(mediaDir).some((file) => file.includes('withdrawn'))).toBe(false);
  });

  it('processes at most UPLOAD_CONCURRENCY images at once, however many arrive together', async () => {
    const limiter = (intake as SharpImageIntake).limiter;
    const input = (await photo('jpeg', { width: 1200, height: 900 })).bytes;
    const uploads = [1, 2, 3, 4, 5].map((n) => intake.store(input, `burst-${n}`));
    await limiter.whenWaiting(3);
    expect(limiter.active).toBe(2);
    const stored = await Promise.all(uploads);
    expect(new Set(stored.map((image) => image.variants.full.key)).size).toBe(5);
    expect(limiter.peak).toBe(2);
    expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
  });
});
