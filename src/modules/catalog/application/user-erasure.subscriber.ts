import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import { Outbox } from '../../../platform/events/outbox';
import { ImageIntake } from '../../../platform/media/image-intake';
import type { StoredImage } from '../../../platform/media/image-intake';
import { withdrawAfterCommit } from '../../../platform/media/withdraw-after-commit';
import { UserDeleted } from '../../identity';
import type { UserDeletedPayload } from '../../identity';
import type { ProductStatus } from '../contracts/catalog-api';
import { ProductDeleted } from '../contracts/catalog.events';

/**
 * A lender erased their account: each of their listings is withdrawn as its owner deleting it
 * would (soft delete, ProductDeleted for the others), so rentals and reviews that refer to it still
 * resolve. What pointed at the person goes: the street and the coordinates (where they live, often),
 * and the photos (their home, sometimes themselves). Title and description stay, as the name of
 * the thing others rented.
 */
@Injectable()
export class CatalogUserErasureSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly outbox: Outbox,
    private readonly intake: ImageIntake,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'catalog.erase-deleted-user',
      inbox: 'catalog',
      handle: (event, manager) => this.erase(event, manager),
    });
  }

  async erase(event: IntegrationEvent<UserDeletedPayload>, manager: EntityManager): Promise<void> {
    const { userId } = event.payload;
    const now = new Date();
    const withdrawn: { id: string; title: string; status: ProductStatus }[] = await manager.query(
      'SELECT id, title, status FROM catalog.products WHERE owner_id = $1 AND deleted_at IS NULL FOR UPDATE',
      [userId],
    );
    await manager.query(
      `UPDATE catalog.products SET deleted_at = $2, owner_active = false, updated_at = $2
       WHERE id = ANY($1::uuid[])`,
      [withdrawn.map((p) => p.id), now],
    );
    await manager.query(
      `UPDATE catalog.products SET street = NULL, latitude = NULL, longitude = NULL, updated_at = $2
       WHERE owner_id = $1 AND (street IS NOT NULL OR latitude IS NOT NULL)`,
      [userId, now],
    );
    const [removed, count]: [{ variants: StoredImage['variants'] | null }[], number] = await manager.query(
      `DELETE FROM catalog.product_images
       WHERE product_id IN (SELECT id FROM catalog.products WHERE owner_id = $1) RETURNING variants`,
      [userId],
    );
    await this.outbox.publish(
      manager,
      'catalog',
      ...withdrawn.map((p) =>
        ProductDeleted.create({ productId: p.id, ownerId: userId, title: p.title, status: p.status }, now),
      ),
    );
    // The uploaded files go now, before this handler's commit: erasure is retried until it commits,
    // so the worst a rollback leaves is rows, about to be deleted, naming photos already gone.
    if (count > 0)
      await withdrawAfterCommit(
        this.intake,
        removed.flatMap((r) => (r.variants ? [{ variants: r.variants }] : [])),
      );
  }
}
