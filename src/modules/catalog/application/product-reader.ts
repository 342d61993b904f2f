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
   * The detail view as `viewerId` may see it: owners see their drafts and paused products; everyone
   * else sees active products of owners trust does not restrict. Anything else is "not found", never "forbidden".
   * The busiest read of the API: one statement for product, category and images, then identity.
   * `from: 'replica'` lets the public GET be answered by a read replica (a moment stale); after a
   * write, the owner gets the view from the primary.
   */
  async get(
    id: string,
    viewerId: string | undefined,
    from: 'primary' | 'replica' = 'primary',
  ): Promise<ProductView> {
    const read = from === 'replica' ? queryForRead<DetailRow> : primaryQuery<DetailRow>;
    const [row] = await read(
      this.dataSource,
      `SELECT ${selectListOf(this.dataSource, ProductEntity, 'p')},
              json_build_object('id', c.id, 'name', c.name, 'slug', c.slug) AS category,
              COALESCE((SELECT json_agg(json_build_object('id', i.id, 'source', i.source, 'url', i.url,
                                                  'alt', i.alt, 'position', i.position, 'variants', i.variants)
                                        ORDER BY i.position)
                        FROM catalog.product_images i WHERE i.product_id = p.id), '[]') AS images
       FROM catalog.products p JOIN catalog.categories c ON c.id = p.category_id
       WHERE p.id = $1`,
      [id],
    );
    if (!row) throw CatalogErrors.productNotFound();
    const { category, images, ...columns } = row;
    const product = entityFromRow(ProductEntity, columns);
    if (product.deletedAt !== null) throw CatalogErrors.productNotFound();
    const isOwner = viewerId === product.ownerId;
    // A restricted owner's listings are theirs alone to see, as search shows them (owner_active).
    if (!isOwner && (product.status !== 'active' || !product.ownerActive))
      throw CatalogErrors.productNotFound();
    const owner = await this.identity.findPublicUser(product.ownerId);
    return toProductView(product, category, await this.imageViews.all(images), owner);
  }
}
