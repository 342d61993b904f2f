import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage';
import type { ImageSourceType, StoredImage, StoredVariant, VariantName } from './image-intake';
import { ImageIntake } from './image-intake';
import { DECODER_OF, sniffImageType } from './image-sniffing';
import type { EncodedVariant } from './image-variants';
import { encodeVariants, MIN_IMAGE_SIDE, VARIANT_CONTENT_TYPE } from './image-variants';
import { MediaErrors } from './media.errors';
import { WorkLimiter } from './work-limiter';

/** One to four path segments of safe characters: `<imageId>` or `avatars/<userId>`. */
const OWNER_KEY = /^[A-Za-z0-9_-]{1,64}(\/[A-Za-z0-9_-]{1,64}){0,3}$/;

// libvips' operation cache keeps recent images around for reuse; uploads are never reused, and a
// cached 40-megapixel decode is memory the next upload needs.
sharp.cache(false);

/**
 * ImageIntake on sharp (libvips): the work runs in libuv's thread pool, so the event loop keeps
 * serving other requests while an image is decoded; at most UPLOAD_CONCURRENCY images are in work
 * at once, the others wait their turn.
 */
@Injectable()
export class SharpImageIntake extends ImageIntake {
  readonly limiter: WorkLimiter;

  constructor(
    private readonly storage: ObjectStorage,
    private readonly config: AppConfig,
  ) {
    super();
    this.limiter = new WorkLimiter(config.UPLOAD_CONCURRENCY);
  }

  async store(bytes: Buffer, ownerKey: string): Promise<StoredImage> {
    if (!OWNER_KEY.test(ownerKey)) throw new Error(`Invalid media owner key: ${ownerKey}`);
    if (bytes.length > this.config.UPLOAD_MAX_BYTES) throw MediaErrors.tooLarge(this.config.UPLOAD_MAX_BYTES);
    const sourceType = await sniffImageType(bytes);
    if (!sourceType) throw MediaErrors.unsupportedType();
    const hash = createHash('sha256').update(bytes).digest('hex');
    return this.limiter.run(async () => {
      const encoded = await this.encode(bytes, sourceType);
      const variants = await this.put(encoded, `images/${ownerKey}/${hash.slice(0, 16)}`);
      return { hash, sourceType, variants };
    });
  }

  async withdraw(image: Pick<StoredImage, 'variants'>): Promise<void> {
    await this.storage.delete(Object.values(image.variants).map((variant) => variant.key));
  }

  /** Reads the header first, so a pixel bomb or a tiny image is refused before any decoding. */
  private async encode(bytes: Buffer, sourceType: ImageSourceType): Promise<EncodedVariant[]> {
    const maxPixels = this.config.UPLOAD_MAX_PIXELS;
    const header = await sharp(bytes, { limitInputPixels: false })
      .metadata()
      .catch(() => {
        throw MediaErrors.unreadable();
      });
    if (header.format !== DECODER_OF[sourceType]) throw MediaErrors.unsupportedType();
    if (header.width * header.height > maxPixels) throw MediaErrors.tooManyPixels(maxPixels);
    if (Math.min(header.width, header.height) < MIN_IMAGE_SIDE) throw MediaErrors.tooSmall(MIN_IMAGE_SIDE);
    try {
      return await encodeVariants(bytes, { maxPixels });
    } catch (error) {
      if (error instanceof Error && /pixel limit/i.test(error.message))
        throw MediaErrors.tooManyPixels(maxPixels);
      throw MediaErrors.unreadable();
    }
  }

  /** Stores every variant, or none: what was stored before a failure is removed again. */
  private async put(encoded: EncodedVariant[], keyBase: string): Promise<Record<VariantName, StoredVariant>> {
    const variants = encoded.map((variant): [VariantName, StoredVariant] => [
      variant.name,
      {
        key: `${keyBase}-${variant.name}.webp`,
        width: variant.width,
        height: variant.height,
        bytes: variant.body.length,
        contentType: VARIANT_CONTENT_TYPE,
      },
    ]);
    const results = await Promise.allSettled(
      encoded.map((variant, i) => this.storage.put(variants[i][1].key, variant.body, VARIANT_CONTENT_TYPE)),
    );
    const failure = results.find((result) => result.status === 'rejected');
    if (failure) {
      await this.storage.delete(variants.map(([, variant]) => variant.key)).catch(() => undefined);
      throw failure.reason;
    }
    return Object.fromEntries(variants) as Record<VariantName, StoredVariant>;
  }
}
