import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import type { ModerationQueue } from '../../application/moderation-queue';
import { MODERATION_QUEUES } from '../../application/moderation-queue';
import { ProductDto } from './product.response';
import { trim } from './validation';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
export const REASON_MAX_LENGTH = 1000;

export class AdminListingsQueryDto {
  @ApiPropertyOptional({
    enum: MODERATION_QUEUES,
    enumName: 'ListingModerationStatus',
    default: 'pending_approval',
    description:
      'pending_approval: the approval queue (oldest submission first); hidden: listings taken down (oldest first)',
  })
  @IsOptional()
  @IsIn(MODERATION_QUEUES)
  status: ModerationQueue = 'pending_approval';

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor (of the same status): the listings after its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class RejectListingDto {
  @ApiProperty({
    example: 'The photos show a different item than the description.',
    minLength: 1,
    maxLength: REASON_MAX_LENGTH,
    description: 'Shown to the owner, who may edit the listing and resubmit it',
  })
  @Transform(trim)
  @IsString()
  @Length(1, REASON_MAX_LENGTH)
  reason: string;
}

export class AdminListingPageDto {
  @ApiProperty({ type: [ProductDto], description: 'Oldest first, each with `moderation` set' })
  items: ProductDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next listings; null when there are none',
  })
  nextCursor: string | null;
}
