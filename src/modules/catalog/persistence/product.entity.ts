import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany } from 'typeorm';
import { PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Relation } from 'typeorm';
import type { CancellationPolicyName, ProductStatus } from '../contracts/catalog-api';
import type { Condition } from '../domain/product-rules';
import { CategoryEntity } from './category.entity';
import { ProductImageEntity } from './product-image.entity';

const VISIBLE = `status = 'active' AND deleted_at IS NULL AND owner_active`;
/** The moderation queues, oldest first (GET /admin/listings). */
const AWAITING_APPROVAL = `status = 'pending_approval' AND deleted_at IS NULL`;
const HIDDEN = `status = 'hidden' AND deleted_at IS NULL`;

@Entity({ schema: 'catalog', name: 'products' })
@Index('ix_products_owner', ['ownerId', 'createdAt'])
@Index('ix_products_category', ['categoryId'], { where: VISIBLE })
@Index('ix_products_price', ['currency', 'dailyPrice'], { where: VISIBLE })
@Index('ix_products_geo', ['latitude', 'longitude'], { where: VISIBLE })
@Index('ix_products_newest', ['createdAt', 'id'], { where: VISIBLE })
@Index('ix_products_rating', ['ratingAverage', 'ratingCount'], { where: VISIBLE })
@Index('ix_products_awaiting_approval', ['submittedAt', 'id'], { where: AWAITING_APPROVAL })
@Index('ix_products_hidden', ['moderatedAt', 'id'], { where: HIDDEN })
// GIN indexes (tsvector with category, trigram): declared in migrations, which TypeORM cannot express.
@Index('ix_products_search_category', { synchronize: false })
@Index('ix_products_title_trgm', { synchronize: false })
@Check('chk_products_status', `status IN ('draft', 'active', 'paused', 'pending_approval', 'hidden')`)
@Check(
  'chk_products_moderation',
  `(moderation_reason IS NULL) = (moderated_at IS NULL) AND (status <> 'hidden' OR moderation_reason IS NOT NULL) AND (status <> 'pending_approval' OR submitted_at IS NOT NULL)`,
)
@Check('chk_products_condition', `condition IN ('new', 'like_new', 'good', 'fair', 'worn')`)
@Check(
  'chk_products_coordinates',
  '(latitude IS NULL) = (longitude IS NULL) AND latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180',
)
@Check(
  'chk_products_prices',
  'daily_price > 0 AND (weekly_price IS NULL OR weekly_price > 0) AND deposit >= 0',
)
@Check('chk_products_currency', `currency ~ '^[A-Z]{3}$'`)
@Check('chk_products_country', `country ~ '^[A-Z]{2}$'`)
@Check(
  'chk_products_rules',
  'min_days >= 1 AND max_days <= 365 AND min_days <= max_days AND lead_time_days BETWEEN 0 AND 90 AND buffer_days BETWEEN 0 AND 30',
)
@Check('chk_products_cancellation_policy', `cancellation_policy IN ('flexible', 'moderate', 'strict')`)
@Check(
  'chk_products_rating',
  'rating_count >= 0 AND (rating_average IS NULL OR rating_average BETWEEN 0 AND 5)',
)
export class ProductEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_products' })
  id: string;

  /** identity's user id; no foreign key across schemas. */
  @Column('uuid')
  ownerId: string;

  @Column('uuid')
  categoryId: string;

  @ManyToOne(() => CategoryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id', foreignKeyConstraintName: 'fk_products_category' })
  category?: Relation<CategoryEntity>;

  @Column('text')
  title: string;

  @Column('text')
  description: string;

  /** The tags' display names in the owner's order; product_tags holds the same set for filtering. */
  @Column('text', { array: true, default: () => "'{}'" })
  tagNames: string[];

  /** A JsonObject (domain/specifications.ts); typed `object` because TypeORM's partial types cannot recurse into it. */
  @Column('jsonb', { default: () => "'{}'" })
  specifications: object;

  @Column('text')
  condition: Condition;

  @Column('text', { nullable: true })
  street: string | null;

  @Column('text')
  city: string;

  @Column('char', { length: 2 })
  country: string;

  @Column('double precision', { nullable: true })
  latitude: number | null;

  @Column('double precision', { nullable: true })
  longitude: number | null;

  @Column('integer')
  dailyPrice: number;

  @Column('integer', { nullable: true })
  weeklyPrice: number | null;

  @Column('integer', { default: 0 })
  deposit: number;

  @Column('char', { length: 3 })
  currency: string;

  @Column('integer')
  minDays: number;

  @Column('integer')
  maxDays: number;

  @Column('integer')
  leadTimeDays: number;

  @Column('integer')
  bufferDays: number;

  @Column('text', { default: 'flexible' })
  cancellationPolicy: CancellationPolicyName;

  @Column('text')
  status: ProductStatus;

  /** First time the product became active; ProductListed is published exactly then. */
  @Column('timestamptz', { nullable: true })
  listedAt: Date | null;

  /**
   * The moderator's reason for the standing takedown (hidden or rejected), shown to the owner; it
   * stays through a resubmission and goes when a moderator approves the listing.
   */
  @Column('text', { nullable: true })
  moderationReason: string | null;

  /** When that takedown was decided. */
  @Column('timestamptz', { nullable: true })
  moderatedAt: Date | null;

  /** When the listing last went to pending_approval (the approval queue's order). */
  @Column('timestamptz', { nullable: true })
  submittedAt: Date | null;

  /** When a moderator last approved it. */
  @Column('timestamptz', { nullable: true })
  approvedAt: Date | null;

  @Column('timestamptz', { nullable: true })
  deletedAt: Date | null;

  /**
   * False while trust restricts the owner (suspended or banned) and once the owner erased their
   * account: kept from trust's UserSuspended / UserReinstated (OwnerRestrictionSubscriber), so
   * search filters on a plain column and asks nobody on its reads.
   */
  @Column('boolean', { default: true })
  ownerActive: boolean;

  @Column('double precision', { nullable: true })
  ratingAverage: number | null;

  @Column('integer', { default: 0 })
  ratingCount: number;

  /** occurredAt of the rating event applied last, so a late older event cannot win. */
  @Column('timestamptz', { nullable: true })
  ratingUpdatedAt: Date | null;

  /** Maintained by the trg_products_search_vector trigger from title, tags and description. */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string | null;

  @OneToMany(() => ProductImageEntity, (image) => image.product)
  images?: Relation<ProductImageEntity>[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
