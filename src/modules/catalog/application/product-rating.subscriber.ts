import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { ProductRatingChanged } from './consumed-events';

/** Copies the review context's rating summary onto the product, for the detail view and sort=rating. */
@Injectable()
export class ProductRatingSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(ProductRatingChanged, {
      name: 'catalog.copy-product-rating',
      inbox: 'catalog',
      handle: async (event, manager) => {
        const { productId, average, count } = event.payload;
        await manager.query(
          `UPDATE catalog.products SET rating_average = $2, rating_count = $3, rating_updated_at = $4
           WHERE id = $1 AND (rating_updated_at IS NULL OR rating_updated_at <= $4)`,
          [productId, average, count, event.occurredAt],
        );
      },
    });
  }
}
