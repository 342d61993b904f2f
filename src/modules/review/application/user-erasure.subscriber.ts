import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';

/**
 * A reviewer or reviewee erased their account. Reviews stay, for the people and products they are
 * about, signed 'Deleted user' (the name comes from identity at each read, IdentityApi.describeUsers;
 * review never copies one). The rating summary of the person goes: a profile of someone who no
 * longer has one, that nobody can look up any more.
 */
@Injectable()
export class ReviewUserErasureSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'review.erase-deleted-user',
      inbox: 'review',
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    await manager.query('DELETE FROM review.user_rating_stats WHERE user_id = $1', [userId]);
  }
}
