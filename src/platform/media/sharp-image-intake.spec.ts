import sharp from 'sharp';
import { loadConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { ObjectStorage } from '../storage/object-storage';
import { SharpImageIntake } from './sharp-image-intake';

class MemoryStorage extends ObjectStorage {
  readonly objects = new Map<string, Buffer>();
  /** When set, every put waits for it: the test decides when storing may finish. */
  gate?: Promise<void>;
  putsStarted = 0;

  async put(key: string, body: Buffer): Promise<void> {
    this.putsStarted++;
    await this.gate;
    this.objects.set(key, body);
  }
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.objects.delete(key);
  }
  async urlFor(key: string): Promise<string> {
    return `memory:${key}`;
  }
}

const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3a7' } })
    .jpeg()
    .toBuffer();

function intakeWith(env: Record<string, string> = {}) {
  const storage = new MemoryStorage();
  const config = loadConfig({ NODE_ENV: 'test', UPLOAD_CONCURRENCY: '2', ...env });
  return { storage, intake: new SharpImageIntake(storage, config) };
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${String(error)}`);
  return error;
}

describe('SharpImageIntake', () => {
  it('stores three WebP variants under the owner key, named by the hash of the upload', async () => {
    const { storage, intake } = intakeWith();
    const stored = await intake.store(await photo(2000, 1000), 'owner-1');
    expect(stored.sourceType).toBe('image/jpeg');
    expect(stored.hash).toMatch(/^[0-9a-f]{64}$/);
    const prefix = `images/owner-1/${stored.hash.slice(0, 16)}`;
    expect(stored.variants).toEqual({
      thumbnail: expect.objectContaining({ key: `${prefix}-thumbnail.webp`, width: 200, height: 200 }),
      card: expect.objectContaining({ key: `${prefix}-card.webp`, width: 600, height: 300 }),
      full: expect.objectContaining({ key: `${prefix}-full.webp`, width: 1600, height: 800 }),
    });
    expect([...storage.objects.keys()].sort()).toEqual(
      Object.values(stored.variants)
        .map((v) => v.key)
        .sort(),
    );
    for (const variant of Object.values(stored.variants)) {
      const body = storage.objects.get(variant.key) as Buffer;
      expect(variant).toMatchObject({ bytes: body.length, contentType: 'image/webp' });
      expect(await sharp(body).metadata()).toMatchObject({ format: 'webp', width: variant.width });
    }
  });

  it('never upscales: a 300x150 photo keeps its size, its thumbnail is the 150x150 centre', async () => {
    const { intake } = intakeWith();
    const { variants } = await intake.store(await photo(300, 150), 'small');
    expect(variants.full).toMatchObject({ width: 300, height: 150 });
    expect(variants.card).toMatchObject({ width: 300, height: 150 });
    expect(variants.thumbnail).toMatchObject({ width: 150, height: 150 });
  });

  it('refuses before decoding: too small, too many pixels, too many bytes; stores nothing', async () => {
    const { storage, intake } = intakeWith({ UPLOAD_MAX_PIXELS: '1000000', UPLOAD_MAX_BYTES: '200000' });
    expect((await refusal(intake.store(await photo(99, 400), 'x'))).code).toBe('MEDIA.TOO_SMALL');
    expect((await refusal(intake.store(await photo(1001, 1000), 'x'))).code).toBe('MEDIA.TOO_MANY_PIXELS');
    const big = await sharp({
      create: {
        width: 900,
        height: 900,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    expect(big.length).toBeGreaterThan(200000);
    const tooLarge = await refusal(intake.store(big, 'x'));
    expect([tooLarge.code, tooLarge.kind]).toEqual(['MEDIA.TOO_LARGE', 'too_large']);
    expect(storage.objects.size).toBe(0);
  });

  it('lets at most UPLOAD_CONCURRENCY images be in work; the others wait their turn', async () => {
    const { storage, intake } = intakeWith({ UPLOAD_CONCURRENCY: '2' });
    let open!: () => void;
    storage.gate = new Promise((resolve) => (open = resolve));
    const input = await photo(400, 300);
    const uploads = [1, 2, 3, 4, 5].map((n) => intake.store(input, `owner-${n}`));
    await intake.limiter.whenWaiting(3);
    expect(intake.limiter.active).toBe(2);
    expect(intake.limiter.waiting).toBe(3);
    open();
    const stored = await Promise.all(uploads);
    expect(stored).toHaveLength(5);
    expect(intake.limiter.peak).toBe(2);
    expect(intake.limiter.active).toBe(0);
    expect(storage.objects.size).toBe(15);
  });

  it('withdraws every variant and removes what it stored when a put fails', async () => {
    const { storage, intake } = intakeWith();
    const stored = await intake.store(await photo(400, 300), 'gone');
    await intake.withdraw(stored);
    expect(storage.objects.size).toBe(0);

    const unavailable = new DomainError('MEDIA.STORAGE_UNAVAILABLE', 'unavailable', 'down');
    let puts = 0;
    storage.put = async (key, body) => {
      if (++puts === 2) throw unavailable;
      storage.objects.set(key, body);
    };
    expect(await refusal(intake.store(await photo(400, 300), 'half'))).toBe(unavailable);
    expect(storage.objects.size).toBe(0);
  });

  it('refuses an owner key that could escape its directory (a programming error, not input)', async () => {
    const { intake } = intakeWith();
    await expect(intake.store(await photo(400, 300), '../etc')).rejects.toThrow('Invalid media owner key');
  });
});
