import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';

export const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

/** `limit` and `cursor` of this context's keyset lists (newest first). */
export class KeysetQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: the items after its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}
