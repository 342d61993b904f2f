import { Injectable } from '@nestjs/common';
import type { StoredImage } from '../../../platform/media/image-intake';
import { variantViews } from '../../../platform/media/variant-views';
import { ObjectStorage } from '../../../platform/storage/object-storage';
import type { ImageSource } from '../persistence/product-image.entity';
import type { CoverImageView, ImageView } from './product-view';

/** An image row as the reads select it (plain SQL, json_build_object). */
export interface ImageRow {
  id: string;
  source: ImageSource;
  url: string | null;
  alt: string | null;
  position: number;
  variants: StoredImage['variants'] | null;
}

/** Turns stored image rows into what clients see, with the uploads' URLs computed now. */
@Injectable()
export class ImageViews {
  constructor(private readonly storage: ObjectStorage) {}

  async of(row: ImageRow): Promise<ImageView> {
    const variants = row.variants ? await variantViews(this.storage, row.variants) : null;
    return {
      id: row.id,
      source: row.source,
      // An upload's own URL is its largest variant, so clients that know only `url` still work.
      url: variants ? variants.full.url : (row.url ?? ''),
      alt: row.alt,
      position: row.position,
      variants,
    };
  }

  all(rows: ImageRow[]): Promise<ImageView[]> {
    return Promise.all([...rows].sort((a, b) => a.position - b.position).map((row) => this.of(row)));
  }

  /** A search result's cover: an upload's `url` is its card variant, the size a result shows. */
  async cover(row: Pick<ImageRow, 'url' | 'alt' | 'variants'> | null): Promise<CoverImageView | null> {
    if (!row || (row.url === null && row.variants === null)) return null;
    const variants = row.variants ? await variantViews(this.storage, row.variants) : null;
    return { url: variants ? variants.card.url : (row.url ?? ''), alt: row.alt, variants };
  }
}
