import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { ProductEventPayload } from '../../catalog';
import { ProductDeleted, ProductListed, ProductUpdated } from '../../catalog';
import type { RentalEventPayload } from '../../rental';
import { RentalAccepted } from '../../rental';
import { SCHEMA } from './subscription-billing';

/**
 * Usage counts, kept from catalog's and rental's events in the inbox's transaction (exactly once).
 * A listing's last word wins by event time, so a late ProductUpdated cannot revive a deleted one.
 */
@Injectable()
export class UsageEventsHandler implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    // A listing awaiting a moderator's approval holds its slot as an active one does (catalog
    // counts both when it checks the quota), so approving it can never take the owner past the plan.
    const holdsSlot = (e: IntegrationEvent<ProductEventPayload>) =>
      e.payload.status === 'active' || e.payload.status === 'pending_approval';
    const listing =
      (active: (e: IntegrationEvent<ProductEventPayload>) => boolean) =>
      (event: IntegrationEvent<ProductEventPayload>, manager: EntityManager) =>
        this.recordListing(manager, event, active(event));
    this.bus.subscribe(ProductListed, {
      name: 'subscription.count-listed-product',
      inbox: SCHEMA,
      handle: listing(holdsSlot),
    });
    this.bus.subscribe(ProductUpdated, {
      name: 'subscription.count-updated-product',
      inbox: SCHEMA,
      handle: listing(holdsSlot),
    });
    this.bus.subscribe(ProductDeleted, {
      name: 'subscription.count-deleted-product',
      inbox: SCHEMA,
      handle: listing(() => false),
    });
    this.bus.subscribe(RentalAccepted, {
      name: 'subscription.count-accepted-rental',
      inbox: SCHEMA,
      handle: (event, manager) => this.recordRental(manager, event),
    });
  }

  private async recordListing(
    manager: EntityManager,
    event: IntegrationEvent<ProductEventPayload>,
    active: boolean,
  ) {
    const deleted = event.type === ProductDeleted.type;
    await manager.query(
      `INSERT INTO subscription.listing_usage AS u (product_id, owner_id, active, last_event_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (product_id) DO UPDATE SET active = EXCLUDED.active, last_event_at = EXCLUDED.last_event_at
       WHERE u.last_event_at < EXCLUDED.last_event_at
          OR (u.last_event_at = EXCLUDED.last_event_at AND $5)`,
      [event.payload.productId, event.payload.ownerId, active, event.occurredAt, deleted],
    );
  }

  private async recordRental(manager: EntityManager, event: IntegrationEvent<RentalEventPayload>) {
    await manager.query(
      `INSERT INTO subscription.rental_usage (rental_id, owner_id, renter_id, accepted_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rental_id) DO NOTHING`,
      [event.payload.rentalId, event.payload.ownerId, event.payload.renterId, event.occurredAt],
    );
  }
}
