import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { IsUuid } from '../../../../platform/http/uuid';
import { REPORT_NOTE_MAX_LENGTH } from '../../domain/report-rules';
import type { ReportReason, ReportStatus, ReportTargetType } from '../../domain/trust-vocabulary';
import { REPORT_REASONS, REPORT_STATUSES, REPORT_TARGET_TYPES } from '../../domain/trust-vocabulary';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class FileReportDto {
  @ApiProperty({ enum: REPORT_TARGET_TYPES, example: 'listing', description: 'What is reported' })
  @IsIn(REPORT_TARGET_TYPES)
  targetType: ReportTargetType;

  @ApiProperty({
    format: 'uuid',
    description: "The listing's, user's, message's or review's id",
  })
  @IsUuid()
  targetId: string;

  @ApiProperty({ enum: REPORT_REASONS, example: 'scam' })
  @IsIn(REPORT_REASONS)
  reason: ReportReason;

  @ApiPropertyOptional({
    maxLength: REPORT_NOTE_MAX_LENGTH,
    description: 'What the moderator should know; required (not blank) when reason is `other`',
    example: 'Asks for payment by bank transfer outside the platform.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(REPORT_NOTE_MAX_LENGTH)
  note?: string;
}

export class ReportsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: reports older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class ReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: REPORT_TARGET_TYPES }) targetType: ReportTargetType;
  @ApiProperty({ format: 'uuid' }) targetId: string;
  @ApiProperty({ enum: REPORT_REASONS }) reason: ReportReason;
  @ApiProperty({ nullable: true, type: String, maxLength: REPORT_NOTE_MAX_LENGTH }) note: string | null;
  @ApiProperty({
    enum: REPORT_STATUSES,
    description: '`open` until a moderator decides: `dismissed` (nothing done) or `actioned`',
  })
  status: ReportStatus;
  @ApiProperty({ format: 'date-time', description: 'When it was filed (microseconds)' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was decided' })
  resolvedAt: string | null;
}

export class ReportPageDto {
  @ApiProperty({ type: [ReportDto], description: 'Newest first' }) items: ReportDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older reports; null when there are none',
  })
  nextCursor: string | null;
}
