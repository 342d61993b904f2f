import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
} from 'typeorm';
import { UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';

@Entity({ schema: 'catalog', name: 'categories' })
@Index('uq_categories_slug', ['slug'], { unique: true })
// NULLS NOT DISTINCT (roots are siblings too) is not expressible here: the migration owns it.
@Index('uq_categories_parent_name', { synchronize: false })
@Index('ix_categories_parent', ['parentId'])
@Check('chk_categories_not_own_parent', 'parent_id IS NULL OR parent_id <> id')
@Check('chk_categories_slug', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class CategoryEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_categories' })
  id: string;

  @Column('uuid', { nullable: true })
  parentId: string | null;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'fk_categories_parent' })
  parent?: Relation<CategoryEntity>;

  @Column('text')
  name: string;

  /** The name as compared for uniqueness among siblings (trimmed, lower case). */
  @Column('text')
  nameKey: string;

  @Column('text')
  slug: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
