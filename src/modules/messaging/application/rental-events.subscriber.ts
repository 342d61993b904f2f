import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventDefinition } from '../../../platform/events/integration-event';
import { EventBus } from '../../../platform/events/event-bus';
import type { RentalEventPayload } from '../../rental';
import {
  RentalAccepted,
  RentalCancelled,
  RentalCompleted,
  RentalDeclined,
  RentalExpired,
  RentalHandedOver,
  RentalRequested,
  RentalReturned,
} from '../../rental';
import type { RentalMilestone } from '../domain/system-messages';
import { RentalConversations } from './rental-conversations';

const MILESTONES: [EventDefinition<RentalEventPayload>, RentalMilestone][] = [
  [RentalRequested, 'requested'],
  [RentalAccepted, 'accepted'],
  [RentalDeclined, 'declined'],
  [RentalCancelled, 'cancelled'],
  [RentalExpired, 'expired'],
  [RentalHandedOver, 'handed_over'],
  [RentalReturned, 'returned'],
  [RentalCompleted, 'completed'],
];

/**
 * Rentals never call messaging: each lifecycle event becomes a system message in the rental's
 * conversation, written with the relay's manager so the message and the inbox row commit together
 * (a redelivered event is a no-op).
 */
@Injectable()
export class RentalEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly conversations: RentalConversations,
  ) {}

  onModuleInit(): void {
    for (const [definition, milestone] of MILESTONES) {
      this.bus.subscribe(definition, {
        name: 'messaging.post-rental-system-message',
        inbox: 'messaging',
        handle: (event, manager) =>
          this.conversations.recordMilestone(manager, milestone, {
            rentalId: event.payload.rentalId,
            productId: event.payload.productId,
            renterId: event.payload.renterId,
            ownerId: event.payload.ownerId,
            startDate: event.payload.startDate,
            endDate: event.payload.endDate,
            cancelledBy: event.payload.cancelledBy,
            actorId: event.payload.actorId,
          }),
      });
    }
  }
}
