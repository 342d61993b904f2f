import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import type { PublishedEvent } from '../domain/published-events';
import { fanOut } from '../persistence/webhook-delivery.store';
import { EventFeedWriter, FeedListener } from './event-feed.writer';
import { WebhookDispatcher } from './webhook-dispatcher';

/**
 * Owes each new feed event to every endpoint that wants it, in the append's own transaction (so a
 * delivery exists exactly when its event does), then wakes the worker. Nothing is sent here.
 */
@Injectable()
export class WebhookFanOut extends FeedListener {
  constructor(
    writer: EventFeedWriter,
    private readonly dispatcher: WebhookDispatcher,
    private readonly config: AppConfig,
  ) {
    super();
    writer.listen(this);
  }

  async appended(
    manager: EntityManager,
    position: string,
    event: PublishedEvent,
    resource: string,
  ): Promise<void> {
    const owed = await fanOut(
      manager,
      position,
      event.type,
      resource,
      this.config.WEBHOOK_RETRY_WINDOW_HOURS,
    );
    if (owed > 0) this.dispatcher.wake();
  }
}
