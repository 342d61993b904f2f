import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ProductEntity } from './product.entity';

@Entity({ schema: 'catalog', name: 'product_images' })
@Index('uq_product_images_position', ['productId', 'position'], { unique: true })
@Check('chk_product_images_position', 'position >= 0')
@Check('chk_product_images_https', `url LIKE 'https://%'`)
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

  @Column('text')
  url: string;

  @Column('text', { nullable: true })
  alt: string | null;
}
