import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { clearNotesOfReporter } from '../persistence/report.store';

/**
 * A reporter erased their account: their reports stay, as the moderation history of what they
 * reported (who reported is an id that names no one any more, why is a reason from the fixed list),
 * but the note they wrote in their own words is cleared. Open ones stay in the queue: the content
 * may still need a decision.
 */
@Injectable()
export class ReportsErasureSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'trust.clear-deleted-reporter-notes',
      inbox: 'trust',
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  erase(userId: string, manager: EntityManager): Promise<void> {
    return clearNotesOfReporter(manager, userId);
  }
}
