import type { EntityManager } from 'typeorm';
import { CatalogErrors } from '../domain/catalog.errors';
import { ProductEntity } from '../persistence/product.entity';

/**
 * The caller's own, not deleted product, locked (FOR UPDATE) for the change: its writers, and the
 * image count checks, run one at a time. Anyone else's product is "not found", never "forbidden".
 */
export async function lockOwnedProduct(
  manager: EntityManager,
  ownerId: string,
  id: string,
): Promise<ProductEntity> {
  const product = await manager.findOne(ProductEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  if (!product || product.ownerId !== ownerId || product.deletedAt !== null)
    throw CatalogErrors.productNotFound();
  return product;
}

/** The same test without a lock, before work that must not start for someone else's product. */
export async function assertOwnedProduct(manager: EntityManager, ownerId: string, id: string): Promise<void> {
  const product = await manager.findOne(ProductEntity, {
    select: { id: true, deletedAt: true },
    where: { id, ownerId },
  });
  if (!product || product.deletedAt !== null) throw CatalogErrors.productNotFound();
}
