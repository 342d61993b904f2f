import sharp from 'sharp';
import type { VariantName } from './image-intake';

/** The variant sizes clients can rely on (the OpenAPI descriptions repeat them). */
export const VARIANT_SIZES = {
  /** A square crop of the centre, 200x200 (smaller when the image is). */
  thumbnail: 200,
  /** Fits inside 600x600, proportions kept. */
  card: 600,
  /** Fits inside 1600x1600, proportions kept. */
  full: 1600,
} as const satisfies Record<VariantName, number>;

export const VARIANT_NAMES = Object.keys(VARIANT_SIZES) as VariantName[];
/** An image smaller than this on either side is refused: it would make a useless listing photo. */
export const MIN_IMAGE_SIDE = 100;
export const VARIANT_CONTENT_TYPE = 'image/webp';
const WEBP_QUALITY = 80;

export interface EncodedVariant {
  name: VariantName;
  body: Buffer;
  width: number;
  height: number;
}

export interface DecodeLimits {
  maxPixels: number;
}

/**
 * Decodes the upload once, turned upright from its EXIF orientation and already shrunk to the
 * largest variant, then encodes every variant from those pixels. Nothing of the input's metadata
 * (EXIF, GPS, XMP, ICC beyond sRGB) reaches an output: sharp writes none unless asked to.
 */
export async function encodeVariants(input: Buffer, limits: DecodeLimits): Promise<EncodedVariant[]> {
  const upright = await sharp(input, { limitInputPixels: limits.maxPixels, autoOrient: true })
    .resize(VARIANT_SIZES.full, VARIANT_SIZES.full, { fit: 'inside', withoutEnlargement: true })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height, channels } = upright.info;
  const pixels = () => sharp(upright.data, { raw: { width, height, channels } });
  return Promise.all(
    VARIANT_NAMES.map(async (name) => {
      const resized =
        name === 'thumbnail'
          ? squareCrop(pixels(), Math.min(VARIANT_SIZES.thumbnail, width, height))
          : pixels().resize(VARIANT_SIZES[name], VARIANT_SIZES[name], {
              fit: 'inside',
              withoutEnlargement: true,
            });
      const out = await resized.webp({ quality: WEBP_QUALITY }).toBuffer({ resolveWithObject: true });
      return { name, body: out.data, width: out.info.width, height: out.info.height };
    }),
  );
}

const squareCrop = (image: sharp.Sharp, side: number) =>
  image.resize(side, side, { fit: 'cover', position: 'centre' });
