import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventDefinition } from '../../../platform/events/integration-event';
import { EventBus } from '../../../platform/events/event-bus';
import type { ClaimEventPayload } from '../../payment';
import { ClaimAccepted, ClaimDisputed, ClaimFiled, ClaimResolved, ClaimWithdrawn } from '../../payment';
import type { ClaimMilestone } from '../domain/claim-messages';
import { claimMessageFor } from '../domain/claim-messages';
import { RentalConversations } from './rental-conversations';

const MILESTONES: [EventDefinition<ClaimEventPayload>, ClaimMilestone][] = [
  [ClaimFiled, 'filed'],
  [ClaimAccepted, 'accepted'],
  [ClaimDisputed, 'disputed'],
  [ClaimResolved, 'resolved'],
  [ClaimWithdrawn, 'withdrawn'],
];

/**
 * Payment never calls messaging: each step of a damage claim becomes a system message in the
 * rental's conversation, written with the relay's manager so the message and the inbox row commit
 * together (a redelivered event is a no-op), as rental's lifecycle events are.
 */
@Injectable()
export class ClaimEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly conversations: RentalConversations,
  ) {}

  onModuleInit(): void {
    for (const [definition, milestone] of MILESTONES) {
      this.bus.subscribe(definition, {
        name: 'messaging.post-claim-system-message',
        inbox: 'messaging',
        handle: (event, manager) => {
          const p = event.payload;
          return this.conversations.recordSystemMessage(
            manager,
            { rentalId: p.rentalId, productId: p.productId, renterId: p.renterId, ownerId: p.ownerId },
            claimMessageFor(milestone, p),
            p.actorRole === 'admin' ? null : p.actorId,
          );
        },
      });
    }
  }
}
