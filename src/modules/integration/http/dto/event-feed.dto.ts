import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { PUBLISHED_TYPES } from '../../domain/published-events';
import { CURSOR_PATTERN } from './page-query.dto';

const TYPE_LIST = '^[A-Za-z0-9.]+(,[A-Za-z0-9.]+)*$';

export class EventFeedQueryDto {
  @ApiPropertyOptional({
    description:
      'A previous page’s nextCursor (or an item’s cursor): the events after it. Omitted: from the oldest event the feed keeps.',
    maxLength: 64,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'after must be a cursor returned by this API' })
  after?: string;

  @ApiPropertyOptional({
    type: String,
    description: `Comma-separated event types to keep (others are skipped, the cursor still moves past them): ${PUBLISHED_TYPES.join(', ')}`,
    example: 'rental.RentalAccepted,rental.RentalCancelled',
    maxLength: 1000,
    pattern: TYPE_LIST,
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(new RegExp(TYPE_LIST), { message: 'types must be event types separated by commas' })
  types?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 100;
}

export class FeedEntryDto {
  @ApiProperty({
    maxLength: 64,
    description: 'This event’s position: pass it as `after` to read what came after it',
  })
  cursor: string;

  @ApiProperty({ allOf: [{ $ref: getSchemaPath('IntegrationEvent') }] })
  event: Record<string, unknown>;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedEntryDto], description: 'In commit order (oldest first)' }) items: FeedEntryDto[];
  @ApiProperty({
    maxLength: 64,
    description:
      'Always given: pass it as `after` next time. When hasMore is false you are caught up, and it points ' +
      'at the feed’s head as this page saw it (past any events the type filter left out)',
  })
  nextCursor: string;
  @ApiProperty({ description: 'More events are there now: read again at once rather than waiting' })
  hasMore: boolean;
}
