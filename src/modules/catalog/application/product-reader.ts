import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  entityFromRow,
  primaryQuery,
  queryForRead,
  selectListOf,
} from '../../../platform/database/plain-reads';
import { IdentityApi } from '../../identity';
import { CatalogErrors } from '../domain/catalog.errors';
import { ProductEntity } from '../persistence/product.entity';
import { ImageViews } from './image-views';
import type { ImageRow } from './image-views';
import type { CategoryRef, ProductView } from './product-view';
import { toProductView } from './product-view';

interface DetailRow {
  category: CategoryRef;
  images: ImageRow[];
}

@Injectable()
export class ProductReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IdentityApi) private readonly identity: IdentityApi,
    private readonly imageViews: ImageViews,
  ) {}

  /**
   * The detail view as `viewerId` may see it: owners see their drafts, paused products and those
   * under moderation (with where moderation stands); everyone else sees active products of owners
   * trust does not restrict. Anything else is "not found", never "forbidden".
   * The busiest read of the API: one statement for product, category and images, then identity.
   * `from: 'replica'` lets the public GET be answered by a read replica (a moment stale); after a
   * write, the owner gets the view from the primary.
   */
  async get(
    id: string,
    viewerId: string | undefined,
    from: 'primary' | 'replica' = 'primary',
  ): Promise<ProductView> {
    const [found] = await this.load([id], from);
    if (!found) throw CatalogErrors.productNotFound();
    const { product, category, images } = found;
    if (product.deletedAt !== null) throw CatalogErrors.productNotFound();
    const isOwner = viewerId === product.ownerId;
    // A restricted owner's listings are theirs alone to see, as search shows them (owner_active).
    if (!isOwner && (product.status !== 'active' || !product.ownerActive))
      throw CatalogErrors.productNotFound();
    const owner = await this.identity.findPublicUser(product.ownerId);
    return toProductView(product, category, await this.imageViews.all(images), owner, isOwner);
  }

  /**
   * Products as moderators review them, whatever their status (deleted ones left out), with where
   * moderation stands, in the order of `ids`. On the primary: they act on what they read.
   */
  async forModerators(ids: string[]): Promise<ProductView[]> {
    const found = (await this.load(ids, 'primary')).filter((f) => f.product.deletedAt === null);
    const owners = await this.identity.findPublicUsers(found.map((f) => f.product.ownerId));
    const ownerById = new Map(owners.map((o) => [o.id, o]));
    const views = await Promise.all(
      found.map(async ({ product, category, images }) =>
        toProductView(
          product,
          category,
          await this.imageViews.all(images),
          ownerById.get(product.ownerId) ?? null,
          true,
        ),
      ),
    );
    const byId = new Map(views.map((v) => [v.id, v]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** One statement for the products, their categories and images. */
  private async load(ids: string[], from: 'primary' | 'replica') {
    const read = from === 'replica' ? queryForRead<DetailRow> : primaryQuery<DetailRow>;
    const rows = await read(
      this.dataSource,
      `SELECT ${selectListOf(this.dataSource, ProductEntity, 'p')},
              json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) AS category,
              COALESCE((SELECT json_agg(json_build_object('id', i.id, 'source', i.source, 'url', i.url,
                                                  'alt', i.alt, 'position', i.position, 'variants', i.variants)
                                        ORDER BY i.position)
                        FROM catalog.product_images i WHERE i.product_id = p.id), '[]') AS images
       FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
       WHERE p.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map(({ category, images, ...columns }) => ({
      product: entityFromRow(ProductEntity, columns),
      category,
      images,
    }));
  }
}
