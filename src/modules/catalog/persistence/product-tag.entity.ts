import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import { ProductEntity } from './product.entity';
import { TagEntity } from './tag.entity';

@Entity({ schema: 'catalog', name: 'product_tags' })
@Index('ix_product_tags_tag', ['tagId', 'productId'])
export class ProductTagEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_tags' })
  productId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_product_tags' })
  tagId: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id', foreignKeyConstraintName: 'fk_product_tags_product' })
  product?: Relation<ProductEntity>;

  @ManyToOne(() => TagEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'tag_id', foreignKeyConstraintName: 'fk_product_tags_tag' })
  tag?: Relation<TagEntity>;
}
