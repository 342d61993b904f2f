import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { EventDefinition, IntegrationEvent } from '../../../platform/events/integration-event';
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
import type { NotificationKind, RentalStep } from '../domain/notification-kinds';
import { recipientsOfRentalStep } from '../domain/notification-kinds';
import { applyRentalEvent } from '../persistence/rental-schedule.store';
import { Notifier } from './notifier';

export const NOTIFICATION_INBOX = 'notification';

const STEPS: [EventDefinition<RentalEventPayload>, RentalStep][] = [
  [RentalRequested, 'requested'],
  [RentalAccepted, 'accepted'],
  [RentalDeclined, 'declined'],
  [RentalExpired, 'expired'],
  [RentalCancelled, 'cancelled'],
  [RentalHandedOver, 'handed-over'],
  [RentalReturned, 'returned'],
  [RentalCompleted, 'completed'],
];

/**
 * Each step of a rental tells the side that did not take it (both, for the system's steps), and
 * keeps notification's picture of the rental's dates for the reminders. Completion opens the
 * review period: its notice invites both sides to review. All in the relay's transaction with the
 * inbox row: a redelivered event is a no-op, and the unique (event, recipient) holds beyond it.
 */
@Injectable()
export class RentalEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
  ) {}

  onModuleInit(): void {
    for (const [definition, step] of STEPS)
      this.bus.subscribe(definition, {
        name: 'notification.rental-step',
        inbox: NOTIFICATION_INBOX,
        handle: (event, manager) => this.handle(event, step, manager),
      });
  }

  async handle(event: IntegrationEvent<RentalEventPayload>, step: RentalStep, manager: EntityManager) {
    const rental = event.payload;
    await applyRentalEvent(manager, {
      rentalId: rental.rentalId,
      productId: rental.productId,
      renterId: rental.renterId,
      ownerId: rental.ownerId,
      status: rental.status,
      startDate: rental.startDate,
      endDate: rental.endDate,
      occurredAt: event.occurredAt,
      requested: step === 'requested',
      completed: step === 'completed',
    });
    const productTitle = await this.notifier.productTitle(rental.productId);
    const kind = `rental.${step}` as NotificationKind;
    const path = step === 'completed' ? `/rentals/${rental.rentalId}/review` : `/rentals/${rental.rentalId}`;
    await this.notifier.notify(
      manager,
      recipientsOfRentalStep(step, rental).map((recipientId) => ({
        eventId: event.id,
        recipientId,
        kind,
        otherId: recipientId === rental.renterId ? rental.ownerId : rental.renterId,
        subjectId: rental.rentalId,
        path,
        facts: { productTitle, startDate: rental.startDate, endDate: rental.endDate },
      })),
    );
  }
}
