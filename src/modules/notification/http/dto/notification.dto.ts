import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { NOTIFICATION_CATEGORIES, NOTIFICATION_KINDS } from '../../domain/notification-kinds';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class NotificationsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: notifications older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ description: 'Only unread ones', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS, example: 'rental.accepted' }) kind: string;
  @ApiProperty({ enum: NOTIFICATION_CATEGORIES, example: 'booking' }) category: string;
  @ApiProperty({ maxLength: 500, example: 'Your request for Cordless drill was accepted' }) title: string;
  @ApiProperty({
    maxLength: 2000,
    example: 'Bob accepted your request to rent Cordless drill from 2026-06-01 to 2026-06-03.',
  })
  body: string;
  @ApiProperty({
    maxLength: 2048,
    description: 'The web app page it is about',
    example: 'http://localhost:3000/rentals/0b9c3f0e-6a7d-4a59-9a38-2a4f6d1e9d01',
  })
  link: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The rental or conversation it is about',
  })
  subjectId: string | null;
  @ApiProperty() read: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto], description: 'Newest first', maxItems: MAX_PAGE_LIMIT })
  items: NotificationDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 200,
    description: 'Pass as `cursor` for older notifications; null when there are none',
  })
  nextCursor: string | null;
}

export class UnreadCountDto {
  @ApiProperty({ minimum: 0, example: 3 }) unread: number;
}

export class ReadAllDto {
  @ApiProperty({ minimum: 0, description: 'How many were unread and are read now', example: 3 })
  marked: number;
}
