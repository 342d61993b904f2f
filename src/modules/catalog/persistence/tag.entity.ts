import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A free-form label, created the first time someone uses it; `nameKey` makes matching case-blind. */
@Entity({ schema: 'catalog', name: 'tags' })
@Index('uq_tags_name_key', ['nameKey'], { unique: true })
export class TagEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_tags' })
  id: string;

  /** As first written ("Makita"), shown on every product that uses the tag. */
  @Column('text')
  name: string;

  @Column('text')
  nameKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
