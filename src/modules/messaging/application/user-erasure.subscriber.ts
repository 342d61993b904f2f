import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';

/**
 * A participant erased their account. Their messages stay: the other person's conversation is
 * theirs too, and it reads as written by 'Deleted user' (the name comes from identity at each read,
 * IdentityApi.describeUsers; messaging never copies a name). What goes is their stored
 * Idempotency-Key answers, whole message bodies kept only for a retry that will not come.
 */
@Injectable()
export class MessagingUserErasureSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'messaging.erase-deleted-user',
      inbox: 'messaging',
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM messaging.idempotency_keys WHERE user_id = $1', [userId]);
  }
}
