import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { ClaimEventPayload } from '../../payment';
import { ClaimAccepted, ClaimDisputed, ClaimFiled, ClaimResolved, ClaimWithdrawn } from '../../payment';
import type { NotificationKind } from '../domain/notification-kinds';
import { formatMoney } from '../domain/money-format';
import type { Draft } from './notifier';
import { Notifier } from './notifier';
import { NOTIFICATION_INBOX } from './rental-events.subscriber';

/** Each step of a damage claim, and who hears of it: the side that did not take it (both, for an admin's). */
const STEPS = [
  { event: ClaimFiled, kind: 'claim.filed', to: ['renter'] },
  { event: ClaimAccepted, kind: 'claim.accepted', to: ['owner'] },
  { event: ClaimDisputed, kind: 'claim.disputed', to: ['owner'] },
  { event: ClaimResolved, kind: 'claim.resolved', to: ['renter', 'owner'] },
  { event: ClaimWithdrawn, kind: 'claim.withdrawn', to: ['renter'] },
] as const;

/**
 * Damage claims against a deposit: money, so the email cannot be turned off. The conversation's
 * system message says it too, but a renter whose deposit is claimed must hear of it outside the app.
 */
@Injectable()
export class ClaimEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
  ) {}

  onModuleInit(): void {
    for (const step of STEPS) {
      this.bus.subscribe(step.event, {
        name: `notification.${step.kind}`,
        inbox: NOTIFICATION_INBOX,
        handle: (event, manager) => this.tell(step.kind, step.to, event, manager),
      });
    }
  }

  async tell(
    kind: NotificationKind,
    to: readonly ('renter' | 'owner')[],
    event: IntegrationEvent<ClaimEventPayload>,
    manager: EntityManager,
  ): Promise<void> {
    const claim = event.payload;
    const productTitle = await this.notifier.productTitle(claim.productId);
    const drafts: Draft[] = to.map((side) => ({
      eventId: event.id,
      recipientId: side === 'renter' ? claim.renterId : claim.ownerId,
      kind,
      otherId: side === 'renter' ? claim.ownerId : claim.renterId,
      subjectId: claim.rentalId,
      path: `/rentals/${claim.rentalId}`,
      facts: {
        productTitle,
        amount: formatMoney(claim.amount, claim.currency),
        awarded: formatMoney(claim.awarded ?? 0, claim.currency),
      },
    }));
    await this.notifier.notify(manager, drafts);
  }
}
