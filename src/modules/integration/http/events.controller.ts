import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyOnly } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { FeedPage } from '../application/event-feed.service';
import { EventFeedService } from '../application/event-feed.service';
import { EventFeedQueryDto, FeedPageDto } from './dto/event-feed.dto';

@ApiTags('integration')
@Controller('events')
export class EventsController {
  constructor(private readonly feed: EventFeedService) {}

  @Get()
  @ApiKeyOnly('events:read')
  @ApiOperation({
    operationId: 'integration_listEvents',
    summary: 'The events feed: every published event in commit order (API key with events:read)',
    description:
      'Events of every context (listings, rentals, reviews, payments, erased accounts), oldest first, in the ' +
      'order they committed: a cursor never skips an event that committed later, however long its transaction ' +
      'ran. Poll with `after` = the last nextCursor; `hasMore` says whether to read again at once. Each ' +
      'event has the schema of its type and version (IntegrationEvent in this document); deduplicate on its ' +
      '`id`, the same in webhook deliveries. The feed keeps INTEGRATION_FEED_RETENTION_DAYS (30 by default) of ' +
      'events: a cursor older than that gets 410 INTEGRATION.CURSOR_EXPIRED naming `oldestCursor`. An unknown ' +
      'type in `types` is a 422 (INTEGRATION.UNKNOWN_EVENT_TYPE), a cursor not from this API a 422 ' +
      '(INTEGRATION.INVALID_CURSOR).',
  })
  @ApiOkResponse({ type: FeedPageDto })
  @ApiProblems(401, 403, 410, 422, 429)
  list(@Query() query: EventFeedQueryDto): Promise<FeedPage> {
    return this.feed.read({ after: query.after, types: query.types?.split(','), limit: query.limit });
  }
}
