import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { ListingHidden } from '../../trust';
import { ListingModeration } from './listing-moderation.service';

/**
 * A moderator took a listing down (trust decided, catalog applies it to its own data). Delivered at
 * least once: the inbox makes a redelivery a no-op, and hiding again only replaces the reason.
 */
@Injectable()
export class ListingHiddenSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly moderation: ListingModeration,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(ListingHidden, {
      name: 'catalog.hide-listing',
      inbox: 'catalog',
      handle: (event, manager) =>
        this.moderation.hide(
          manager,
          event.payload.productId,
          event.payload.reason,
          new Date(event.occurredAt),
        ),
    });
  }
}
