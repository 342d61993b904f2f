import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { CatalogErrors } from '../domain/catalog.errors';
import { LIMITS } from '../domain/product-rules';
import { ProductImageEntity } from '../persistence/product-image.entity';

/**
 * Positions first..first+n-1 in the given order. The unique (product, position) index is checked
 * row by row, so the rows first move out of the way (above any real position), then take their places.
 */
export async function setPositions(
  manager: EntityManager,
  productId: string,
  ids: string[],
  first = 0,
): Promise<void> {
  if (ids.length === 0) return;
  await manager.query(
    'UPDATE catalog.product_images SET position = position + 1000 WHERE product_id = $1 AND id = ANY($2::uuid[])',
    [productId, ids],
  );
  await manager.query(
    `UPDATE catalog.product_images i SET position = o.ord - 1 + $3
     FROM unnest($2::uuid[]) WITH ORDINALITY AS o(id, ord)
     WHERE i.product_id = $1 AND i.id = o.id`,
    [productId, ids, first],
  );
}

/**
 * `images` in a product write lists its external-URL images; uploaded photos have their own routes
 * and stay. The named images take the first positions, the uploads follow in their order.
 */
export async function replaceUrlImages(
  manager: EntityManager,
  productId: string,
  images: { url: string; alt?: string | null }[],
): Promise<void> {
  await manager.delete(ProductImageEntity, { productId, source: 'url' });
  const uploads = await manager.find(ProductImageEntity, {
    where: { productId },
    order: { position: 'ASC' },
  });
  if (images.length + uploads.length > LIMITS.images)
    throw CatalogErrors.invalidProduct([
      {
        field: 'images',
        message: `a listing holds at most ${LIMITS.images} images; it has ${uploads.length} uploaded`,
      },
    ]);
  await setPositions(
    manager,
    productId,
    uploads.map((u) => u.id),
    images.length,
  );
  if (images.length > 0)
    await manager.insert(
      ProductImageEntity,
      images.map((image, position) => ({
        id: randomUUID(),
        productId,
        position,
        source: 'url' as const,
        url: image.url,
        alt: image.alt ?? null,
      })),
    );
}
