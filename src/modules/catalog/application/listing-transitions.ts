import type { EntityManager } from 'typeorm';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { ProductEventPayload } from '../contracts/catalog.events';
import { ProductListed, ProductUpdated } from '../contracts/catalog.events';
import type { ListingFacts, ModeratorAction } from '../domain/listing-status';
import { nextListingStatus } from '../domain/listing-status';
import { ProductEntity } from '../persistence/product.entity';

export const factsOf = (p: ProductEntity): ListingFacts => ({
  status: p.status,
  everListed: p.listedAt !== null,
  takenDown: p.moderationReason !== null,
});

export const eventPayload = (p: ProductEntity): ProductEventPayload => ({
  productId: p.id,
  ownerId: p.ownerId,
  title: p.title,
  status: p.status,
});

/** A product, not deleted, locked (FOR UPDATE) for a moderator's decision; null when there is none. */
export async function lockListing(manager: EntityManager, id: string): Promise<ProductEntity | null> {
  const product = await manager.findOne(ProductEntity, {
    where: { id },
    lock: { mode: 'pessimistic_write' },
  });
  return product && product.deletedAt === null ? product : null;
}

/**
 * Applies a moderator's decision (taken `at`) to a locked listing and says what others must be told. Hiding and
 * rejecting record the reason the owner is shown; approving clears it, lists the listing (its first
 * listing time kept) and stamps the approval. Throws 409 for an approval or rejection of a listing
 * not awaiting one.
 */
export async function moderate(
  manager: EntityManager,
  product: ProductEntity,
  action: ModeratorAction,
  at: Date,
  reason: string | null = null,
): Promise<{ from: ProductEntity['status']; events: IntegrationEvent[] }> {
  const from = product.status;
  const firstListing = product.listedAt === null;
  product.status = nextListingStatus(factsOf(product), { by: 'moderator', action });
  if (action === 'approve') {
    Object.assign(product, { listedAt: product.listedAt ?? at, approvedAt: at });
    Object.assign(product, { moderationReason: null, moderatedAt: null });
  } else {
    Object.assign(product, { moderationReason: reason, moderatedAt: at });
  }
  await manager.update(
    ProductEntity,
    { id: product.id },
    {
      status: product.status,
      listedAt: product.listedAt,
      approvedAt: product.approvedAt,
      moderationReason: product.moderationReason,
      moderatedAt: product.moderatedAt,
      updatedAt: new Date(),
    },
  );
  const payload = eventPayload(product);
  // As the owner's own writes tell it: ProductListed the first time it is listed, and a status
  // change as ProductUpdated (a hidden listing is no longer listed, as a paused one is told).
  // Stamped now, not at the decision: consumers keep the latest event, and an owner's write that
  // came between the decision and this change must not outrank it.
  const events: IntegrationEvent[] = [];
  if (product.status === 'active' && firstListing) events.push(ProductListed.create(payload));
  if (product.status !== from) events.push(ProductUpdated.create(payload));
  return { from, events };
}
