import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { ContentRemoved } from '../../trust';

/**
 * A moderator removed a message (trust decided; messaging applies it to its own data). The row is
 * kept, marked removed: both participants stop seeing it (pages, last message, unread counts), its
 * author still finds it in their data export. Delivered at least once: the inbox makes a
 * redelivery a no-op, and the first removal time stands.
 */
@Injectable()
export class MessageRemovalSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(ContentRemoved, {
      name: 'messaging.remove-message',
      inbox: 'messaging',
      handle: async (event, manager) => {
        if (event.payload.targetType === 'message')
          await this.remove(manager, event.payload.targetId, new Date(event.occurredAt));
      },
    });
  }

  async remove(manager: EntityManager, messageId: string, removedAt: Date): Promise<void> {
    await manager.query(
      'UPDATE messaging.messages SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL',
      [messageId, removedAt],
    );
  }
}
