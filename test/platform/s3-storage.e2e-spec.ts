import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { DomainError } from '../../src/platform/errors/domain-error';
import { S3ObjectStorage, type S3StorageSettings } from '../../src/platform/storage/s3-object-storage';
import { S3RVER_KEY, bucketReader, startS3Server, type S3TestServer } from '../support/s3-server';

// The S3 path against a real S3 API (s3rver stores objects and metadata and answers DeleteObjects;
// test/support/sigv4-check verifies every signature in front of it): what the SDK really sends is
// what is tested, no mocks.

const IMMUTABLE = 'public, max-age=31536000, immutable';
const bytes = (label: string) => Buffer.from(`RIFF....WEBP ${label} ${Math.random()}`);
const key = (name: string) =>
  `images/${name}-${Math.random().toString(16).slice(2, 10)}/0123456789abcdef-card.webp`;

function settingsFor(server: S3TestServer, overrides: Partial<S3StorageSettings> = {}): S3StorageSettings {
  return {
    S3_BUCKET: server.bucket,
    S3_ENDPOINT: server.endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: S3RVER_KEY,
    S3_SECRET_ACCESS_KEY: S3RVER_KEY,
    S3_PRESIGN_SECONDS: 600,
    ...overrides,
  };
}

/** The bucket's keys, read with a plain SDK client (not the adapter under test). */
async function bucketKeys(reader: S3Client, bucket: string): Promise<string[]> {
  const listed = await reader.send(new ListObjectsV2Command({ Bucket: bucket }));
  return (listed.Contents ?? []).map((object) => object.Key!).sort();
}

describe('S3ObjectStorage against a real S3 API (s3rver)', () => {
  let s3: S3TestServer;
  let storage: S3ObjectStorage;
  let reader: S3Client;

  beforeAll(async () => {
    s3 = await startS3Server();
    storage = new S3ObjectStorage(settingsFor(s3));
    reader = bucketReader(s3);
  });

  afterAll(async () => {
    storage?.close();
    reader?.destroy();
    await s3?.stop();
  });

  it('put stores the bytes with their Content-Type and a cache-forever Cache-Control', async () => {
    const name = key('put');
    const body = bytes('put');

    await storage.put(name, body, 'image/webp');

    const stored = await reader.send(new GetObjectCommand({ Bucket: s3.bucket, Key: name }));
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(body);
    expect(stored.ContentType).toBe('image/webp');
    expect(stored.CacheControl).toBe(IMMUTABLE);
    expect(stored.ContentLength).toBe(body.length);
  });

  it('put overwrites: the same key holds the last bytes', async () => {
    const name = key('overwrite');
    await storage.put(name, bytes('first'), 'image/webp');
    const second = bytes('second');

    await storage.put(name, second, 'image/webp');

    const stored = await reader.send(new GetObjectCommand({ Bucket: s3.bucket, Key: name }));
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(second);
  });

  it('urlFor without S3_PUBLIC_URL is a presigned GET a plain HTTP client can fetch', async () => {
    const name = key('presigned');
    const body = bytes('presigned');
    await storage.put(name, body, 'image/webp');

    const url = new URL(await storage.urlFor(name));

    expect(`${url.origin}${url.pathname}`).toBe(`${s3.endpoint}/${s3.bucket}/${name}`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    // S3_PRESIGN_SECONDS plus the signing window (a quarter of it): at least 600 s from now.
    expect(url.searchParams.get('X-Amz-Expires')).toBe('750');
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('image/webp');
    expect(answer.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(body);
  });

  it('presigned URLs are stable within a signing window (caches hit) and expire: an expired one is refused (403)', async () => {
    const name = key('window');
    await storage.put(name, bytes('window'), 'image/webp');
    const start = Date.UTC(2026, 0, 1, 12, 0, 0);
    let clock = start + 10_000;
    const dated = new S3ObjectStorage(settingsFor(s3), { now: () => new Date(clock) });

    const first = await dated.urlFor(name);
    clock = start + 149_000;
    const later = await dated.urlFor(name);
    clock = start + 150_000;
    const next = await dated.urlFor(name);

    expect(later).toBe(first);
    expect(next).not.toBe(first);
    expect(new URL(first).searchParams.get('X-Amz-Date')).toBe('20260101T120000Z');
    expect(new URL(next).searchParams.get('X-Amz-Date')).toBe('20260101T120230Z');
    // Signed on 1 January 2026 for 750 s: long expired by the time this runs.
    const expired = await fetch(first);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');
    dated.close();
  });

  it('a presigned URL whose signature or key was tampered with is refused by the store (403)', async () => {
    const name = key('tampered');
    await storage.put(name, bytes('tampered'), 'image/webp');
    await storage.put(`${name}.other`, bytes('other'), 'image/webp');
    const url = new URL(await storage.urlFor(name));

    const forged = new URL(url);
    const signature = forged.searchParams.get('X-Amz-Signature')!;
    forged.searchParams.set('X-Amz-Signature', `${signature[0] === '0' ? '1' : '0'}${signature.slice(1)}`);
    const otherKey = new URL(url);
    otherKey.pathname = `${url.pathname}.other`;
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '604800');

    for (const attempt of [forged, otherKey, longer]) {
      const answer = await fetch(attempt);
      expect({ url: attempt.href, status: answer.status }).toEqual({ url: attempt.href, status: 403 });
      expect(await answer.text()).toContain('SignatureDoesNotMatch');
    }
  });

  it('urlFor with S3_PUBLIC_URL is the plain base URL plus the key (a CDN or public bucket)', async () => {
    const cdn = new S3ObjectStorage(settingsFor(s3, { S3_PUBLIC_URL: 'https://cdn.example.com/media/' }));
    const publicBucket = new S3ObjectStorage(
      settingsFor(s3, { S3_PUBLIC_URL: `${s3.endpoint}/${s3.bucket}` }),
    );
    const name = key('public');
    const body = bytes('public');
    await publicBucket.put(name, body, 'image/webp');

    expect(await cdn.urlFor(name)).toBe(`https://cdn.example.com/media/${name}`);
    const url = await publicBucket.urlFor(name);
    expect(url).toBe(`${s3.endpoint}/${s3.bucket}/${name}`);
    // s3rver serves unsigned GETs, as a public bucket or a CDN in front of one does.
    const answer = await fetch(url);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer())).toEqual(body);
    cdn.close();
    publicBucket.close();
  });

  it('delete removes the objects: their URLs answer 404 and the bucket no longer lists them', async () => {
    const kept = key('kept');
    const gone = [key('gone-a'), key('gone-b')];
    for (const name of [kept, ...gone]) await storage.put(name, bytes(name), 'image/webp');
    const urls = await Promise.all(gone.map((name) => storage.urlFor(name)));

    await storage.delete(gone);

    for (const url of urls) expect((await fetch(url)).status).toBe(404);
    const keys = await bucketKeys(reader, s3.bucket);
    expect(keys).toContain(kept);
    expect(keys).not.toEqual(expect.arrayContaining([gone[0]]));
    expect(keys).not.toEqual(expect.arrayContaining([gone[1]]));
  });

  it('deleting keys that are not there (or none) is not an error', async () => {
    await expect(storage.delete([key('never-stored')])).resolves.toBeUndefined();
    const before = s3.requests.length;
    await expect(storage.delete([])).resolves.toBeUndefined();
    expect(s3.requests.length).toBe(before);
  });

  it('deletes in batches of at most 1000 keys (the DeleteObjects limit)', async () => {
    const stored = [key('batch-first'), key('batch-last')];
    const names = [
      stored[0],
      ...Array.from({ length: 1999 }, (_, i) => `images/missing/${i}-thumbnail.webp`),
      stored[1],
    ];
    for (const name of stored) await storage.put(name, bytes(name), 'image/webp');
    const before = s3.requests.length;

    await storage.delete(names);

    const batches = s3.requests.slice(before).filter((r) => r.method === 'POST' && /[?&]delete/.test(r.url));
    expect(batches).toHaveLength(3);
    const keys = await bucketKeys(reader, s3.bucket);
    expect(keys).not.toEqual(expect.arrayContaining([stored[0]]));
    expect(keys).not.toEqual(expect.arrayContaining([stored[1]]));
  });

  it('wrong credentials: put fails as MEDIA.STORAGE_UNAVAILABLE, and nothing is stored', async () => {
    const wrong = new S3ObjectStorage(settingsFor(s3, { S3_SECRET_ACCESS_KEY: 'not-the-secret' }));
    const name = key('denied');

    await expect(wrong.put(name, bytes('denied'), 'image/webp')).rejects.toMatchObject({
      code: 'MEDIA.STORAGE_UNAVAILABLE',
      kind: 'unavailable',
    });
    expect(await bucketKeys(reader, s3.bucket)).not.toEqual(expect.arrayContaining([name]));
    wrong.close();
  });
});

describe('S3ObjectStorage when the store is down', () => {
  /** A port that was free a moment ago: connections are refused. */
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  const downSettings = (endpoint: string): S3StorageSettings => ({
    S3_BUCKET: 'onesociety-media',
    S3_ENDPOINT: endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: S3RVER_KEY,
    S3_SECRET_ACCESS_KEY: S3RVER_KEY,
    S3_PRESIGN_SECONDS: 600,
  });

  it('refused connections: put and delete fail with a clear 503 error after the bounded retries', async () => {
    const storage = new S3ObjectStorage(downSettings(`http://127.0.0.1:${await closedPort()}`));
    const started = Date.now();

    const failure = await storage
      .put(key('down'), bytes('down'), 'image/webp')
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(DomainError);
    expect(failure).toMatchObject({
      code: 'MEDIA.STORAGE_UNAVAILABLE',
      kind: 'unavailable',
      message: 'The file store is temporarily unavailable; try again shortly',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(storage.delete([key('down')])).rejects.toMatchObject({ code: 'MEDIA.STORAGE_UNAVAILABLE' });
    // Signing needs no request: reads keep working while the store is down.
    expect(await storage.urlFor('images/x/0123456789abcdef-full.webp')).toContain('X-Amz-Signature=');
    storage.close();
  });

  describe('a store that accepts connections and never answers', () => {
    let silent: Server;
    let endpoint: string;
    const sockets = new Set<Socket>();

    beforeAll(async () => {
      silent = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      const closed = new Promise((resolve) => silent.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    });

    it('put fails within its timeout after 3 attempts instead of hanging', async () => {
      const storage = new S3ObjectStorage(downSettings(endpoint), {
        requestTimeoutMs: 300,
        connectionTimeoutMs: 300,
      });
      const started = Date.now();

      await expect(storage.put(key('silent'), bytes('silent'), 'image/webp')).rejects.toMatchObject({
        code: 'MEDIA.STORAGE_UNAVAILABLE',
        kind: 'unavailable',
      });

      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(300);
      expect(elapsed).toBeLessThan(5_000);
      expect(sockets.size).toBe(3);
      storage.close();
    });
  });
});
