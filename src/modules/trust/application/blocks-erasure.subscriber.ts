import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { deleteBlocksOf } from '../persistence/block.store';

/**
 * A person erased their account: their blocks go, both ways. Whom they blocked is theirs to
 * erase; who blocked them protects nobody once the account can no longer act. No UserUnblocked is
 * published: nothing can start with an erased account anyway, and UserDeleted already says so.
 */
@Injectable()
export class BlocksErasureSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'trust.erase-deleted-user-blocks',
      inbox: 'trust',
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  erase(userId: string, manager: EntityManager): Promise<void> {
    return deleteBlocksOf(manager, userId);
  }
}
