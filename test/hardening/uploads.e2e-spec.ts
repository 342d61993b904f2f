import { type Dirent, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Response } from 'supertest';
import type SuperTest from 'supertest/lib/test';
import { createProduct } from '../support/catalog.factory';
import {
  filePart,
  HOSTILE_UPLOADS,
  jpegWithHtmlPayload,
  leaksMetadata,
  multipartBody,
  type MultipartPart,
  noisyJpeg,
  photo,
  type UploadFile,
} from '../support/hostile-files';
import { signUp, type SignedUpUser } from '../support/identity.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { changedTables, snapshotDatabase } from './support/db-snapshot';
import { describeResponse, HARDENING_ENV, isProblem, REQUEST_DEADLINE_MS } from './support/http';

const MAX_BYTES = 64 * 1024;

/**
 * The upload routes against what attackers and broken clients send: not a form, too big, cut short,
 * files that are not what they claim (HTML, SVG, zip), broken images, pixel bombs, extra parts, and
 * another owner's listing. Each must be a problem+json 4xx that writes no row and leaves no file
 * under DATA_DIR/media, and the app must keep answering. A valid photo, and a real JPEG carrying
 * HTML, are accepted last as the control: stored re-encoded, without EXIF, GPS or script.
 */
describe('hardening: hostile uploads', () => {
  let t: TestApp;
  let dataDir: string;
  let owner: SignedUpUser;
  let intruder: SignedUpUser;
  let productId: string;
  let valid: UploadFile;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'onesociety-uploads-'));
    t = await createTestApp({ ...HARDENING_ENV, DATA_DIR: dataDir, UPLOAD_MAX_BYTES: String(MAX_BYTES) });
    owner = await signUp(t.http, { fullName: 'Photo Owner' });
    intruder = await signUp(t.http, { fullName: 'Photo Intruder' });
    productId = (await createProduct(t, owner)).id;
    valid = await photo('jpeg');
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every file under DATA_DIR/media (temporary files included), relative to it. */
  const mediaFiles = (): string[] => {
    try {
      return (
        readdirSync(join(dataDir, 'media'), {
          recursive: true,
          withFileTypes: true,
        }) as Dirent[]
      )
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name).slice(dataDir.length + 1))
        .sort();
    } catch {
      return []; // no media directory yet: nothing stored
    }
  };

  const ROUTES = {
    listing: {
      name: 'POST /products/{productId}/images',
      request: (user: SignedUpUser | null, id = productId) => {
        const req = t.http.post(`/api/v1/products/${id}/images`);
        return user ? req.set(user.auth) : req;
      },
    },
    avatar: {
      name: 'PUT /auth/profile/avatar',
      request: (user: SignedUpUser | null) => {
        const req = t.http.put('/api/v1/auth/profile/avatar');
        return user ? req.set(user.auth) : req;
      },
    },
  };
  type RouteName = keyof typeof ROUTES;
  const routeNames = Object.keys(ROUTES) as RouteName[];

  const sendRaw = (req: SuperTest, body: Buffer | string, contentType: string) =>
    req.timeout({ deadline: REQUEST_DEADLINE_MS }).set('content-type', contentType).send(body);
  const sendForm = (
    req: SuperTest,
    parts: MultipartPart[],
    options: Parameters<typeof multipartBody>[1] = {},
  ) => {
    const form = multipartBody(parts, options);
    return sendRaw(req, form.body, form.contentType);
  };

  /**
   * Runs `request`, which must be refused with `status` (and `code`) as problem+json, changing no
   * table and storing no file; then the app must still answer a read.
   */
  async function expectRefused(request: () => Promise<Response>, status: number, code?: string) {
    const rowsBefore = await snapshotDatabase(t.db);
    const filesBefore = mediaFiles();
    const res = await request();
    expect({ status: res.status, problem: isProblem(res), res: describeResponse(res) }).toEqual({
      status,
      problem: true,
      res: expect.any(String),
    });
    if (code) expect(res.body.code).toBe(code);
    expect(changedTables(rowsBefore, await snapshotDatabase(t.db))).toEqual([]);
    expect(mediaFiles()).toEqual(filesBefore);
    const alive = await t.http
      .get(`/api/v1/products/${productId}`)
      .timeout({ deadline: REQUEST_DEADLINE_MS });
    expect(alive.status).toBe(200);
    return res;
  }

  describe.each(routeNames)('%s route', (route) => {
    const as = (user: SignedUpUser | null = owner) => ROUTES[route].request(user);

    it('refuses a JSON body with 415', async () => {
      await expectRefused(
        () => sendRaw(as(), JSON.stringify({ file: 'photo.jpg' }), 'application/json'),
        415,
      );
    });

    it('refuses a body of another type (text/plain, image/jpeg bytes without a form) with 415', async () => {
      await expectRefused(() => sendRaw(as(), 'file=photo.jpg', 'text/plain'), 415);
      await expectRefused(() => sendRaw(as(), valid.bytes, 'image/jpeg'), 415);
    });

    it('refuses a file over UPLOAD_MAX_BYTES with 413 MEDIA.TOO_LARGE, stopping at the limit', async () => {
      const big = await noisyJpeg(200 * 1024);
      const res = await expectRefused(() => sendForm(as(), [filePart(big)]), 413, 'MEDIA.TOO_LARGE');
      expect(res.body.maxBytes).toBe(MAX_BYTES);
      const justOver = {
        ...valid,
        bytes: Buffer.concat([valid.bytes, Buffer.alloc(MAX_BYTES + 1 - valid.bytes.length)]),
      };
      await expectRefused(() => sendForm(as(), [filePart(justOver)]), 413, 'MEDIA.TOO_LARGE');
    });

    it('refuses a form without its closing boundary with 400, neither a 500 nor a hang', async () => {
      await expectRefused(
        () => sendForm(as(), [filePart(valid)], { close: false }),
        400,
        'MEDIA.MALFORMED_MULTIPART',
      );
    });

    it('refuses a form cut in the middle of the file with 400', async () => {
      const whole = multipartBody([filePart(valid)]);
      await expectRefused(
        () => sendRaw(as(), whole.body.subarray(0, Math.floor(whole.body.length / 2)), whole.contentType),
        400,
        'MEDIA.MALFORMED_MULTIPART',
      );
    });

    it('refuses a multipart Content-Type without a boundary with 400', async () => {
      const whole = multipartBody([filePart(valid)]);
      await expectRefused(
        () => sendRaw(as(), whole.body, 'multipart/form-data'),
        400,
        'MEDIA.MALFORMED_MULTIPART',
      );
    });

    it.each(HOSTILE_UPLOADS.map((h) => [h.what, h] as const))('refuses %s', async (_, hostile) => {
      const file = await hostile.file();
      const res = await expectRefused(() => sendForm(as(), [filePart(file)]), hostile.status, hostile.code);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    });

    it('refuses two file parts with 422 MEDIA.TOO_MANY_PARTS', async () => {
      await expectRefused(
        () => sendForm(as(), [filePart(valid), filePart(valid)]),
        422,
        'MEDIA.TOO_MANY_PARTS',
      );
    });

    it('refuses a form without a file part with 422 MEDIA.FILE_MISSING naming file', async () => {
      const res = await expectRefused(
        () => sendForm(as(), [{ name: 'alt', data: 'A drill' }]),
        422,
        'MEDIA.FILE_MISSING',
      );
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
      await expectRefused(() => sendForm(as(), []), 422, 'MEDIA.FILE_MISSING');
    });

    it('refuses a file in a part of another name with 422', async () => {
      await expectRefused(() => sendForm(as(), [filePart(valid, 'image')]), 422, 'MEDIA.UNEXPECTED_PART');
    });

    it('refuses too many fields with 422 MEDIA.TOO_MANY_PARTS', async () => {
      const fields = Array.from({ length: 8 }, (_, i) => ({ name: `f${i}`, data: 'x' }));
      await expectRefused(() => sendForm(as(), [...fields, filePart(valid)]), 422, 'MEDIA.TOO_MANY_PARTS');
    });

    it('refuses a field over 1 KiB with 422 MEDIA.FIELD_TOO_LONG', async () => {
      await expectRefused(
        () => sendForm(as(), [{ name: 'alt', data: 'a'.repeat(2048) }, filePart(valid)]),
        422,
        'MEDIA.FIELD_TOO_LONG',
      );
    });

    it('refuses a field holding a NUL character with 422 MEDIA.FIELD_NOT_TEXT, before any image work', async () => {
      await expectRefused(
        () => sendForm(as(), [{ name: 'alt', data: 'a\u0000b' }, filePart(valid)]),
        422,
        'MEDIA.FIELD_NOT_TEXT',
      );
    });

    it('refuses an anonymous upload with 401', async () => {
      await expectRefused(() => sendForm(as(null), [filePart(valid)]), 401);
    });
  });

  describe('a listing that is not yours', () => {
    it("answers another owner's listing with 404, storing nothing", async () => {
      await expectRefused(() => sendForm(ROUTES.listing.request(intruder), [filePart(valid)]), 404);
    });

    it('answers a listing that does not exist with 404 and a malformed id with 422', async () => {
      const unknown = '0b6f8b9e-5c1d-4a7e-9f3a-2d4c6e8a0b1c';
      await expectRefused(() => sendForm(ROUTES.listing.request(owner, unknown), [filePart(valid)]), 404);
      await expectRefused(
        () => sendForm(ROUTES.listing.request(owner, 'not-a-uuid'), [filePart(valid)]),
        422,
      );
    });

    it('refuses an alt text over its documented length with 422 naming alt', async () => {
      const res = await expectRefused(
        () =>
          sendForm(ROUTES.listing.request(owner), [{ name: 'alt', data: 'a'.repeat(201) }, filePart(valid)]),
        422,
      );
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'alt' })]);
    });
  });

  describe('the control: what is accepted is stored clean', () => {
    /** The stored bytes of each variant an answer names, read from DATA_DIR/media by key. */
    const storedVariants = (variants: Record<string, { url: string }>) =>
      Object.values(variants).map((v) =>
        readFileSync(join(dataDir, 'media', new URL(v.url).pathname.replace(/^\/media\//, ''))),
      );

    it('stores a valid photo as re-encoded variants without its EXIF camera or GPS tags', async () => {
      const res = await sendForm(ROUTES.listing.request(owner), [filePart(valid)]);
      expect({ status: res.status, res: describeResponse(res) }).toMatchObject({ status: 201 });
      const [row] = await t.db.query(
        `SELECT source, width, height FROM catalog.product_images WHERE product_id = $1 AND source = 'upload'`,
        [productId],
      );
      expect(row).toEqual({ source: 'upload', width: 400, height: 300 });
      const stored = storedVariants(res.body.variants);
      expect(stored).toHaveLength(3);
      expect(stored.map(leaksMetadata)).toEqual([false, false, false]);
      expect(mediaFiles().length).toBe(3);
    });

    it('stores a real JPEG carrying HTML as pixels only: no script in any variant', async () => {
      const polyglot = await jpegWithHtmlPayload();
      const res = await sendForm(ROUTES.avatar.request(owner), [filePart(polyglot)]);
      expect({ status: res.status, res: describeResponse(res) }).toMatchObject({ status: 200 });
      const stored = storedVariants(res.body.profile.avatar);
      expect(stored.map((bytes) => bytes.includes('<script'))).toEqual([false, false, false]);
      expect(stored.map((bytes) => bytes.subarray(8, 12).toString('latin1'))).toEqual([
        'WEBP',
        'WEBP',
        'WEBP',
      ]);
    });
  });
});
