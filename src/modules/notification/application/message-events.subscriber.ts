import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type { MessagePostedPayload } from '../../messaging';
import { MessagePosted } from '../../messaging';
import { gatherMessage } from '../persistence/message-digest.store';
import { Notifier } from './notifier';
import { NOTIFICATION_INBOX } from './rental-events.subscriber';

/**
 * A new message is one in-app entry at once (per message: the feed shows each) and a line in the
 * conversation's open digest, which MessageDigestJob mails when its first message is
 * NOTIFICATION_DIGEST_MINUTES old: ten messages in a burst are one email.
 */
@Injectable()
export class MessageEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(MessagePosted, {
      name: 'notification.message-posted',
      inbox: NOTIFICATION_INBOX,
      handle: (event, manager) => this.handle(event, manager),
    });
  }

  async handle(event: IntegrationEvent<MessagePostedPayload>, manager: EntityManager): Promise<void> {
    const message = event.payload;
    const productTitle = await this.notifier.productTitle(message.productId);
    const told = await this.notifier.notify(
      manager,
      [
        {
          eventId: event.id,
          recipientId: message.recipientId,
          kind: 'message.received',
          otherId: message.senderId,
          subjectId: message.conversationId,
          path: `/conversations/${message.conversationId}`,
          facts: { productTitle, several: false, count: 1 },
        },
      ],
      'digest',
    );
    // Only a message told for the first time joins the digest: a redelivery counts nothing twice.
    if (told.length > 0)
      await gatherMessage(manager, {
        recipientId: message.recipientId,
        conversationId: message.conversationId,
        senderId: message.senderId,
        productId: message.productId,
        rentalId: message.rentalId,
        at: event.occurredAt,
      });
  }
}
