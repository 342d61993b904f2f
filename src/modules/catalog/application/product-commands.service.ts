import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { Outbox } from '../../../platform/events/outbox';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { IdentityApi } from '../../identity';
import type { RentalRules } from '../contracts/catalog-api';
import { ProductDeleted, ProductListed, ProductUpdated } from '../contracts/catalog.events';
import { ListingQuota } from '../contracts/listing-quota';
import { CatalogErrors } from '../domain/catalog.errors';
import type { ListingFacts, OwnerSettableStatus } from '../domain/listing-status';
import { countsAgainstQuota, nextListingStatus } from '../domain/listing-status';
import type { Condition } from '../domain/product-rules';
import type { JsonObject } from '../domain/specifications';
import { DEFAULT_RULES, productViolations } from '../domain/product-rules';
import { CategoryEntity } from '../persistence/category.entity';
import { ProductImageEntity } from '../persistence/product-image.entity';
import { ProductEntity } from '../persistence/product.entity';
import { eventPayload, factsOf } from './listing-transitions';
import { lockOwnedProduct } from './owned-product';
import { isOwnerRestricted, lockOwnerRestriction } from './owner-restriction.subscriber';
import { replaceUrlImages } from './image-positions';
import { ProductReader } from './product-reader';
import type { ProductView } from './product-view';
import { pricingOf, rulesOf } from './product-view';
import { TagStore } from './tag-store';

export interface AddressInput {
  street?: string | null;
  city: string;
  country: string;
  lat?: number | null;
  lng?: number | null;
}

export interface ImageInput {
  url: string;
  alt?: string | null;
}

export interface ProductInput {
  title: string;
  description: string;
  categoryId: string;
  tags?: string[];
  images?: ImageInput[];
  specifications?: JsonObject;
  condition: Condition;
  address: AddressInput;
  pricing: { dailyPrice: number; weeklyPrice?: number | null; deposit?: number; currency: string };
  rules?: Partial<RentalRules>;
  status?: OwnerSettableStatus;
}

/** Omitted fields stay; `pricing` and `rules` merge member by member; lists and `address` are replaced. */
export interface ProductChanges {
  title?: string;
  description?: string;
  categoryId?: string;
  tags?: string[];
  images?: ImageInput[];
  specifications?: JsonObject;
  condition?: Condition;
  address?: AddressInput;
  pricing?: { dailyPrice?: number; weeklyPrice?: number | null; deposit?: number; currency?: string };
  rules?: Partial<RentalRules>;
  status?: OwnerSettableStatus;
}

const SCHEMA = 'catalog';
const HOLDING_UPCOMING = ['accepted', 'active'];
const NEW_LISTING: ListingFacts = { status: 'draft', everListed: false, takenDown: false };

@Injectable()
export class ProductCommands {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly tags: TagStore,
    private readonly reader: ProductReader,
    private readonly quota: ListingQuota,
    @Inject(IdentityApi) private readonly identity: IdentityApi,
    private readonly intake: ImageIntake,
    private readonly config: AppConfig,
  ) {}

  /**
   * Publishing a listing (active, or awaiting approval: both hold a slot, see countsAgainstQuota)
   * must fit the owner's plan. The owner's row lock (an advisory lock on the owner id, held to
   * commit) serialises their activations, so two at once cannot both take the last free slot.
   */
  private async assertQuota(manager: EntityManager, ownerId: string, productId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog.listings:${ownerId}`]);
    const [{ n }] = await manager.query(
      `SELECT count(*)::int AS n FROM catalog.products
       WHERE owner_id = $1 AND status IN ('active', 'pending_approval') AND deleted_at IS NULL AND id <> $2`,
      [ownerId, productId],
    );
    await this.quota.assertCanActivateListing(ownerId, n);
  }

  async create(ownerId: string, input: ProductInput): Promise<ProductView> {
    const id = randomUUID();
    const product: ProductEntity = Object.assign(new ProductEntity(), {
      id,
      ownerId,
      categoryId: input.categoryId,
      title: input.title,
      description: input.description,
      specifications: input.specifications ?? {},
      condition: input.condition,
      status: this.ownerSets(NEW_LISTING, input.status ?? 'draft'),
      listedAt: null,
      moderationReason: null,
      moderatedAt: null,
      submittedAt: null,
      approvedAt: null,
      deletedAt: null,
      ratingAverage: null,
      ratingCount: 0,
      ratingUpdatedAt: null,
      ...addressColumns(input.address),
      dailyPrice: input.pricing.dailyPrice,
      weeklyPrice: input.pricing.weeklyPrice ?? null,
      deposit: input.pricing.deposit ?? 0,
      currency: input.pricing.currency.toUpperCase(),
      ...{ ...DEFAULT_RULES, ...definedOnly(input.rules ?? {}) },
    });
    this.assertValid(product);
    const publishing = countsAgainstQuota(product.status);
    // Publishing needs a proven email (identity decides, by its setting); drafts do not.
    if (publishing) await this.identity.assertEmailVerified(ownerId);
    await this.dataSource.transaction(async (manager) => {
      // A restricted owner's new listing is hidden like their others: read under the lock their
      // restriction's update takes, it cannot slip between the event and catalog's update.
      await lockOwnerRestriction(manager, ownerId);
      product.ownerActive = !(await isOwnerRestricted(manager, ownerId));
      await this.assertCategoryExists(manager, product.categoryId);
      if (publishing) await this.assertQuota(manager, ownerId, product.id);
      if (product.status === 'active') product.listedAt = new Date();
      if (product.status === 'pending_approval') product.submittedAt = new Date();
      product.tagNames = [];
      await manager.insert(ProductEntity, product);
      await this.writeChildren(manager, product, input.tags ?? [], input.images ?? []);
      if (product.status === 'active')
        await this.outbox.publish(manager, SCHEMA, ProductListed.create(eventPayload(product)));
      // Not listed yet, but holding a slot of the owner's plan: those who count slots are told.
      if (product.status === 'pending_approval')
        await this.outbox.publish(manager, SCHEMA, ProductUpdated.create(eventPayload(product)));
    });
    return this.reader.get(id, ownerId);
  }

  async update(ownerId: string, id: string, changes: ProductChanges): Promise<ProductView> {
    await this.dataSource.transaction(async (manager) => {
      const product = await this.lockOwned(manager, ownerId, id);
      const before = factsOf(product);
      const wasListed = product.listedAt !== null;
      const { status, ...rest } = changes;
      applyChanges(product, rest);
      // Edits alone never change the status: a hidden listing stays hidden until resubmitted, and
      // an approved one needs no new approval for them.
      if (status !== undefined) product.status = this.ownerSets(before, status);
      if (countsAgainstQuota(product.status) && !countsAgainstQuota(before.status)) {
        await this.identity.assertEmailVerified(ownerId);
        await this.assertQuota(manager, ownerId, id);
      }
      this.assertValid(product);
      if (changes.categoryId !== undefined) await this.assertCategoryExists(manager, product.categoryId);
      if (product.status === 'active' && !wasListed) product.listedAt = new Date();
      if (product.status === 'pending_approval' && before.status !== 'pending_approval')
        product.submittedAt = new Date();
      const { images: _images, category: _category, searchVector: _sv, ...columns } = product;
      await manager.update(ProductEntity, { id }, { ...columns, updatedAt: new Date() });
      if (changes.tags !== undefined || changes.images !== undefined)
        await this.writeChildren(manager, product, changes.tags, changes.images);
      const payload = eventPayload(product);
      await this.outbox.publish(
        manager,
        SCHEMA,
        ...(product.status === 'active' && !wasListed ? [ProductListed.create(payload)] : []),
        ProductUpdated.create(payload),
      );
    });
    return this.reader.get(id, ownerId);
  }

  /**
   * Soft delete: the row stays for rentals and reviews that refer to it, but nobody finds it any more.
   * Its photos go: the rows now, the stored files once that has committed.
   */
  async delete(ownerId: string, id: string): Promise<void> {
    const uploads = await this.dataSource.transaction(async (manager) => {
      const product = await this.lockOwned(manager, ownerId, id);
      const upcoming: { rental_id: string; start: string; end: string; status: string }[] =
        await manager.query(
          `SELECT rental_id, lower(period)::text AS start, upper(period)::text AS end, status
         FROM catalog.product_bookings
         WHERE product_id = $1 AND status = ANY($2::text[]) AND upper(period) > current_date
         ORDER BY lower(period), rental_id`,
          [id, HOLDING_UPCOMING],
        );
      if (upcoming.length > 0)
        throw CatalogErrors.productHasUpcomingRentals(
          upcoming.map((r) => ({
            rentalId: r.rental_id,
            startDate: r.start,
            endDate: r.end,
            status: r.status,
          })),
        );
      const deletedAt = new Date();
      await manager.update(ProductEntity, { id }, { deletedAt, updatedAt: deletedAt });
      const images = await manager.find(ProductImageEntity, { where: { productId: id } });
      await manager.delete(ProductImageEntity, { productId: id });
      await this.outbox.publish(manager, SCHEMA, ProductDeleted.create(eventPayload(product)));
      return uploadsOf(images);
    });
    await withdrawAfterCommit(this.intake, uploads);
  }

  private ownerSets(facts: ListingFacts, status: OwnerSettableStatus) {
    return nextListingStatus(facts, {
      by: 'owner',
      status,
      approvalRequired: this.config.LISTINGS_REQUIRE_APPROVAL,
    });
  }

  private lockOwned(manager: EntityManager, ownerId: string, id: string): Promise<ProductEntity> {
    return lockOwnedProduct(manager, ownerId, id);
  }

  private assertValid(product: ProductEntity): void {
    const problems = productViolations({
      pricing: pricingOf(product),
      rules: rulesOf(product),
      latitude: product.latitude,
      longitude: product.longitude,
    });
    if (problems.length > 0) throw CatalogErrors.invalidProduct(problems);
  }

  private async assertCategoryExists(manager: EntityManager, categoryId: string): Promise<void> {
    // FOR SHARE: the category cannot vanish between this check and our insert.
    const found = await manager.findOne(CategoryEntity, {
      where: { id: categoryId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!found) throw CatalogErrors.unknownCategory();
  }

  private async writeChildren(
    manager: EntityManager,
    product: ProductEntity,
    tags: string[] | undefined,
    images: ImageInput[] | undefined,
  ): Promise<void> {
    if (tags !== undefined) {
      product.tagNames = await this.tags.setProductTags(manager, product.id, tags);
      await manager.update(ProductEntity, { id: product.id }, { tagNames: product.tagNames });
    }
    if (images !== undefined) await replaceUrlImages(manager, product.id, images);
  }
}

const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function addressColumns(address: AddressInput) {
  return {
    street: address.street ?? null,
    city: address.city,
    country: address.country.toUpperCase(),
    latitude: address.lat ?? null,
    longitude: address.lng ?? null,
  };
}

function applyChanges(product: ProductEntity, changes: ProductChanges): void {
  const { address, pricing, rules, tags: _tags, images: _images, ...simple } = changes;
  Object.assign(product, definedOnly(simple));
  if (address !== undefined) Object.assign(product, addressColumns(address));
  if (pricing !== undefined) {
    const { currency, ...amounts } = definedOnly(pricing);
    Object.assign(product, amounts);
    if (currency !== undefined) product.currency = currency.toUpperCase();
  }
  if (rules !== undefined) Object.assign(product, definedOnly(rules));
}

const uploadsOf = (images: ProductImageEntity[]): Pick<StoredImage, 'variants'>[] =>
  images.flatMap((i) => (i.variants ? [{ variants: i.variants }] : []));
