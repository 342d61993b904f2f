import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class BlocksQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: blocks older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

/** What anyone may see of the blocked person (as GET /api/v1/users/{id} shows them). */
export class BlockedUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Bob' }) displayName: string;
  @ApiProperty({ nullable: true, type: String, example: 'https://images.example.com/bob.jpg' }) avatarUrl:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Porto' }) city: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'PT' }) country: string | null;
  @ApiProperty({ format: 'date-time' }) memberSince: string;
}

export class UserBlockDto {
  @ApiProperty({ format: 'uuid', description: 'The blocked person' }) userId: string;
  @ApiProperty({ format: 'date-time', description: 'When the block was first made (microseconds)' })
  blockedAt: string;
  @ApiProperty({
    type: BlockedUserDto,
    nullable: true,
    description: "The blocked person's public view; null while their account is suspended",
  })
  user: BlockedUserDto | null;
}

export class UserBlockPageDto {
  @ApiProperty({ type: [UserBlockDto], description: 'Newest first' }) items: UserBlockDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older blocks; null when there are none',
  })
  nextCursor: string | null;
}
