import type { ObjectStorage } from '../storage/object-storage';
import type { StoredImage, VariantName } from './image-intake';

export interface VariantView {
  url: string;
  width: number;
  height: number;
}

export type VariantViews = Record<VariantName, VariantView>;

const VARIANT_NAMES: VariantName[] = ['thumbnail', 'card', 'full'];

/**
 * The variants as clients see them: URLs computed now from the stored keys, because presigned
 * URLs expire and a CDN base may change; rows keep keys and sizes only.
 */
export async function variantViews(
  storage: ObjectStorage,
  variants: StoredImage['variants'],
): Promise<VariantViews> {
  const entries = await Promise.all(
    VARIANT_NAMES.map(async (name) => {
      const { key, width, height } = variants[name];
      return [name, { url: await storage.urlFor(key), width, height }] as const;
    }),
  );
  return Object.fromEntries(entries) as VariantViews;
}
