import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { StoredImage } from '../../../platform/media/image-intake';
import { ProductEntity } from './product.entity';

export type ImageSource = 'url' | 'upload';

@Entity({ schema: 'catalog', name: 'product_images' })
@Index('uq_product_images_position', ['productId', 'position'], { unique: true })
@Check('chk_product_images_position', 'position >= 0')
@Check('chk_product_images_source', `source IN ('url', 'upload')`)
@Check(
  'chk_product_images_url',
  `(source = 'url' AND url LIKE 'https://%' AND variants IS NULL AND content_hash IS NULL)
   OR (source = 'upload' AND url IS NULL AND variants IS NOT NULL AND width > 0 AND height > 0
       AND content_hash ~ '^[0-9a-f]{64}$')`,
)
export class ProductImageEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_images' })
  id: string;

  @Column('uuid')
  productId: string;

  @ManyToOne(() => ProductEntity, (product) => product.images, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_product_images_product' })
  product?: Relation<ProductEntity>;

  /** 0 is the cover image. */
  @Column('integer')
  position: number;

  /** 'url': an external https image the owner named; 'upload': photo bytes we re-encoded and store. */
  @Column('text', { default: 'url' })
  source: ImageSource;

  /** The external URL; null for uploads, whose URLs are computed from `variants` when read. */
  @Column('text', { nullable: true })
  url: string | null;

  @Column('text', { nullable: true })
  alt: string | null;

  /** Stored variants (keys and sizes) of an upload. */
  @Column('jsonb', { nullable: true })
  variants: StoredImage['variants'] | null;

  /** Of the full variant (an upload's own size, at most 1600 on its longer side). */
  @Column('integer', { nullable: true })
  width: number | null;

  @Column('integer', { nullable: true })
  height: number | null;

  /** SHA-256 of the uploaded bytes. */
  @Column('text', { nullable: true })
  contentHash: string | null;
}
