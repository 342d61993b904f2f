import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdentityApi } from '../../identity';
import { CatalogErrors } from '../domain/catalog.errors';
import { CategoryEntity } from '../persistence/category.entity';
import { ProductImageEntity } from '../persistence/product-image.entity';
import { ProductEntity } from '../persistence/product.entity';
import { OwnerStatus } from './owner-status';
import type { ProductView } from './product-view';
import { toProductView } from './product-view';

@Injectable()
export class ProductReader {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IdentityApi) private readonly identity: IdentityApi,
    private readonly owners: OwnerStatus,
  ) {}

  /**
   * The detail view as `viewerId` may see it: owners see their drafts and paused products; everyone
   * else sees active products of active owners only. Anything else is "not found", never "forbidden".
   */
  async get(id: string, viewerId: string | undefined): Promise<ProductView> {
    const product = await this.dataSource.getRepository(ProductEntity).findOneBy({ id });
    if (!product || product.deletedAt !== null) throw CatalogErrors.productNotFound();
    const isOwner = viewerId === product.ownerId;
    if (!isOwner && product.status !== 'active') throw CatalogErrors.productNotFound();
    const [owner, category, images] = await Promise.all([
      this.identity.findPublicUser(product.ownerId),
      this.dataSource.getRepository(CategoryEntity).findOneByOrFail({ id: product.categoryId }),
      this.dataSource
        .getRepository(ProductImageEntity)
        .find({ where: { productId: id }, order: { position: 'ASC' } }),
    ]);
    await this.owners.record(
      this.dataSource.manager,
      owner ? [product.ownerId] : [],
      owner ? [] : [product.ownerId],
    );
    if (!owner && !isOwner) throw CatalogErrors.productNotFound();
    return toProductView(product, category, images, owner);
  }
}
