export type VariantName = 'thumbnail' | 'card' | 'full';
export type ImageSourceType = 'image/jpeg' | 'image/png' | 'image/webp';

export interface StoredVariant {
  key: string;
  width: number;
  height: number;
  bytes: number;
  contentType: string;
}

export interface StoredImage {
  /** SHA-256 of the uploaded bytes, hex. */
  hash: string;
  /** What the bytes were, sniffed (never the name or the part's Content-Type). */
  sourceType: ImageSourceType;
  variants: Record<VariantName, StoredVariant>;
}

/**
 * Turns uploaded bytes into stored, re-encoded image variants: the type sniffed from the bytes
 * (JPEG, PNG, WebP only), decoded under pixel limits, metadata (EXIF, GPS) dropped, re-encoded.
 * Refusals are DomainErrors with MEDIA.* codes (422, or 413 for size).
 */
export abstract class ImageIntake {
  /** Stores the variants under `images/<ownerKey>/...`. */
  abstract store(bytes: Buffer, ownerKey: string): Promise<StoredImage>;
  /** Deletes every variant of an image, once the row that named it is gone. */
  abstract withdraw(image: Pick<StoredImage, 'variants'>): Promise<void>;
}
