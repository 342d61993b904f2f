import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { CatalogErrors } from '../domain/catalog.errors';
import { LIMITS } from '../domain/product-rules';
import { ProductImageEntity } from '../persistence/product-image.entity';
import { ProductEntity } from '../persistence/product.entity';
import { setPositions } from './image-positions';
import { ImageViews } from './image-views';
import { assertOwnedProduct, lockOwnedProduct } from './owned-product';
import type { ImageView } from './product-view';

/**
 * An owner's photos of a listing: uploads (re-encoded, stored as variants) and the external-URL
 * images the product's own writes manage. Every change locks the product row, so the count limit
 * and the positions hold however many requests arrive at once.
 */
@Injectable()
export class ProductImages {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly intake: ImageIntake,
    private readonly views: ImageViews,
  ) {}

  async upload(ownerId: string, productId: string, bytes: Buffer, alt: string | null): Promise<ImageView> {
    // Someone else's product: refused before any decoding or storing.
    await assertOwnedProduct(this.dataSource.manager, ownerId, productId);
    const id = randomUUID();
    const stored = await this.intake.store(bytes, id);
    let row: ProductImageEntity;
    try {
      row = await this.dataSource.transaction(async (manager) => {
        await lockOwnedProduct(manager, ownerId, productId);
        const position = await manager.count(ProductImageEntity, { where: { productId } });
        if (position >= LIMITS.images) throw CatalogErrors.tooManyImages(LIMITS.images);
        const image = uploadRow(id, productId, position, alt, stored);
        await manager.insert(ProductImageEntity, image);
        await touch(manager, productId);
        return image;
      });
    } catch (error) {
      // No row names these variants: they go, whatever refused the insert.
      await withdrawAfterCommit(this.intake, [stored]);
      throw error;
    }
    // Outside the try: once committed, the row names the files, whatever computing URLs does.
    return this.views.of(row);
  }

  async changeAlt(
    ownerId: string,
    productId: string,
    imageId: string,
    alt: string | null,
  ): Promise<ImageView> {
    const row = await this.dataSource.transaction(async (manager) => {
      await lockOwnedProduct(manager, ownerId, productId);
      const image = await manager.findOne(ProductImageEntity, { where: { id: imageId, productId } });
      if (!image) throw CatalogErrors.imageNotFound();
      image.alt = alt;
      await manager.update(ProductImageEntity, { id: imageId }, { alt });
      await touch(manager, productId);
      return image;
    });
    return this.views.of(row);
  }

  /** `imageIds` must name every image of the listing exactly once; the first becomes the cover. */
  async reorder(ownerId: string, productId: string, given: string[]): Promise<ImageView[]> {
    const imageIds = given.map((id) => id.toLowerCase());
    const rows = await this.dataSource.transaction(async (manager) => {
      await lockOwnedProduct(manager, ownerId, productId);
      const images = await manager.find(ProductImageEntity, { where: { productId } });
      assertEveryImageOnce(
        images.map((i) => i.id),
        imageIds,
      );
      await setPositions(manager, productId, imageIds);
      await touch(manager, productId);
      const byId = new Map(images.map((i) => [i.id, i]));
      return imageIds.map((id, position) => ({ ...byId.get(id)!, position }));
    });
    return this.views.all(rows);
  }

  async remove(ownerId: string, productId: string, imageId: string): Promise<void> {
    const removed = await this.dataSource.transaction(async (manager) => {
      await lockOwnedProduct(manager, ownerId, productId);
      const image = await manager.findOne(ProductImageEntity, { where: { id: imageId, productId } });
      if (!image) throw CatalogErrors.imageNotFound();
      await manager.delete(ProductImageEntity, { id: imageId });
      const rest = await manager.find(ProductImageEntity, {
        where: { productId },
        order: { position: 'ASC' },
      });
      await setPositions(
        manager,
        productId,
        rest.map((i) => i.id),
      );
      await touch(manager, productId);
      return image;
    });
    if (removed.variants) await withdrawAfterCommit(this.intake, [{ variants: removed.variants }]);
  }
}

function uploadRow(
  id: string,
  productId: string,
  position: number,
  alt: string | null,
  stored: StoredImage,
): ProductImageEntity {
  return Object.assign(new ProductImageEntity(), {
    id,
    productId,
    position,
    source: 'upload',
    url: null,
    alt,
    variants: stored.variants,
    width: stored.variants.full.width,
    height: stored.variants.full.height,
    contentHash: stored.hash,
  });
}

function assertEveryImageOnce(existing: string[], given: string[]): void {
  const known = new Set(existing.map((id) => id.toLowerCase()));
  const seen = new Set<string>();
  for (const id of given.map((i) => i.toLowerCase())) {
    if (!known.has(id)) throw CatalogErrors.invalidImageOrder(`${id} is not an image of this listing`);
    if (seen.has(id)) throw CatalogErrors.invalidImageOrder(`${id} is listed more than once`);
    seen.add(id);
  }
  if (seen.size !== known.size)
    throw CatalogErrors.invalidImageOrder(`list every image of the listing (${known.size}) exactly once`);
}

const touch = (manager: EntityManager, productId: string) =>
  manager.update(ProductEntity, { id: productId }, { updatedAt: new Date() });
