import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeFeedCursor, encodeFeedCursor, laterPosition } from '../domain/feed-cursor';
import { IntegrationErrors } from '../domain/integration.errors';
import { PUBLISHED_TYPES } from '../domain/published-events';
import { readFeed } from '../persistence/feed.store';

export interface FeedEntry {
  cursor: string;
  event: { id: string; type: string; version: number; occurredAt: string; payload: Record<string, unknown> };
}

export interface FeedPage {
  items: FeedEntry[];
  nextCursor: string;
  hasMore: boolean;
}

/**
 * Reads the feed after a cursor. Because a visible position implies every earlier one is committed
 * (feed.store.ts), a page never skips an event that commits later, and when the caller is caught
 * up the cursor may move to the head the page saw, even past events a type filter left out.
 */
@Injectable()
export class EventFeedService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(query: { after?: string; types?: string[]; limit: number }): Promise<FeedPage> {
    const after = query.after === undefined ? '0' : decodeFeedCursor(query.after);
    if (after === null) throw IntegrationErrors.invalidCursor('after');
    const types = query.types?.length ? [...new Set(query.types)] : null;
    const unknown = (types ?? []).filter((type) => !PUBLISHED_TYPES.includes(type));
    if (unknown.length > 0) throw IntegrationErrors.unknownEventTypes('types', unknown);

    const { rows, head, prunedThrough } = await readFeed(
      this.dataSource.manager,
      after,
      types,
      query.limit + 1,
    );
    // Events after this cursor were pruned: say where the retained feed starts rather than skip them.
    if (query.after !== undefined && BigInt(after) < BigInt(prunedThrough))
      throw IntegrationErrors.cursorExpired(encodeFeedCursor(prunedThrough));
    const page = rows.slice(0, query.limit);
    const hasMore = rows.length > query.limit;
    const last = page.at(-1)?.position ?? after;
    return {
      items: page.map(({ position, ...event }) => ({ cursor: encodeFeedCursor(position), event })),
      nextCursor: encodeFeedCursor(hasMore ? last : laterPosition(last, head)),
      hasMore,
    };
  }
}
