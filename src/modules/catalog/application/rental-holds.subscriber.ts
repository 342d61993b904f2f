import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { RentalHoldPayload } from './consumed-events';
import { RENTAL_LIFECYCLE_EVENTS } from './consumed-events';

/**
 * Keeps catalog.product_bookings in step with the rental context: every lifecycle event records the
 * rental's dates and latest status. Requested/accepted/active rows hold the dates (availability
 * search); accepted/active ones still to come block deleting the product.
 */
@Injectable()
export class RentalHoldsSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    for (const definition of RENTAL_LIFECYCLE_EVENTS) {
      this.bus.subscribe(definition, {
        name: 'catalog.track-rental-holds',
        inbox: 'catalog',
        handle: (event, manager) => this.apply(event, manager),
      });
    }
  }

  async apply(event: IntegrationEvent<RentalHoldPayload>, manager: EntityManager): Promise<void> {
    const p = event.payload;
    // The relay keeps each outbox in order, but a replayed older event must still not undo a newer one.
    await manager.query(
      `INSERT INTO catalog.product_bookings (rental_id, product_id, period, status, last_event_at)
       VALUES ($1, $2, daterange($3::date, $4::date, '[)'), $5, $6)
       ON CONFLICT (rental_id) DO UPDATE SET product_id = EXCLUDED.product_id, period = EXCLUDED.period,
         status = EXCLUDED.status, last_event_at = EXCLUDED.last_event_at, updated_at = now()
       WHERE catalog.product_bookings.last_event_at <= EXCLUDED.last_event_at`,
      [p.rentalId, p.productId, p.startDate, p.endDate, p.status, event.occurredAt],
    );
  }
}
