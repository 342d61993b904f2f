import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { HISTORY_LIMIT } from '../../application/report-queue.service';
import { DECISION_NOTE_MAX_LENGTH, DECISION_REASON_MAX_LENGTH } from '../../domain/moderation-rules';
import { REPORT_NOTE_MAX_LENGTH } from '../../domain/report-rules';
import type {
  ReportReason,
  ReportResolution,
  ReportStatus,
  ReportTargetType,
  SanctionKind,
} from '../../domain/trust-vocabulary';
import {
  REPORT_REASONS,
  REPORT_RESOLUTIONS,
  REPORT_STATUSES,
  REPORT_TARGET_TYPES,
  SANCTION_KINDS,
} from '../../domain/trust-vocabulary';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class ReportQueueQueryDto {
  @ApiPropertyOptional({
    enum: REPORT_STATUSES,
    default: 'open',
    description: '`open` (oldest first), or decided ones (`dismissed`, `actioned`; newest first)',
  })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status: ReportStatus = 'open';

  @ApiPropertyOptional({ enum: REPORT_TARGET_TYPES, description: 'Only reports of this kind of target' })
  @IsOptional()
  @IsIn(REPORT_TARGET_TYPES)
  targetType?: ReportTargetType;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor (with the same status): the reports after its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

/** A report in a report's history: who reported what, why, and what became of it. */
export class ReportHistoryItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) reporterId: string;
  @ApiProperty({ enum: REPORT_TARGET_TYPES }) targetType: ReportTargetType;
  @ApiProperty({ format: 'uuid' }) targetId: string;
  @ApiProperty({ enum: REPORT_REASONS }) reason: ReportReason;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: REPORT_NOTE_MAX_LENGTH,
    description: "The reporter's note; null when none, or once the reporter erased their account",
  })
  note: string | null;
  @ApiProperty({ enum: REPORT_STATUSES }) status: ReportStatus;
  @ApiProperty({
    enum: REPORT_RESOLUTIONS,
    nullable: true,
    type: String,
    description: 'What the moderator did; null while open',
  })
  resolution: ReportResolution | null;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: DECISION_REASON_MAX_LENGTH,
    description: 'The reason the affected person was given',
  })
  resolutionReason: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: DECISION_NOTE_MAX_LENGTH,
    description: "The deciding moderator's internal note",
  })
  resolutionNote: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The deciding moderator' })
  resolvedBy: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was filed (microseconds)' }) createdAt: string;
}

export class AdminReportDto extends ReportHistoryItemDto {
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: "The person behind the target (a listing's owner, a message's sender, a review's author)",
  })
  targetUserId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'What the reporter saw when reporting, kept whatever happened to the target since. A listing: ' +
      'title, description (its first 500 characters), dailyPrice, currency, ownerId. A user: their ' +
      'public profile. A message: body, type, attachment, senderId, conversationId, sentAt. A review: ' +
      'kind, rating, title, text, authorId, productId, revieweeId, rentalId, writtenAt.',
    example: { title: 'Cordless drill', description: 'Pay by bank transfer only', dailyPrice: 2500 },
  })
  target: Record<string, unknown>;
  @ApiProperty({ minimum: 0, description: 'Open reports of the same target now, this one included' })
  openReportsOnTarget: number;
}

export class AdminReportPageDto {
  @ApiProperty({ type: [AdminReportDto] }) items: AdminReportDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` (with the same status) for the next reports; null when there are none',
  })
  nextCursor: string | null;
}

export class SanctionHistoryItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SANCTION_KINDS }) kind: SanctionKind;
  @ApiProperty({ maxLength: DECISION_REASON_MAX_LENGTH, description: 'What the user was told' })
  reason: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The report it answered' })
  reportId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The moderator' })
  imposedBy: string | null;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'A suspension’s end' })
  endsAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it was lifted early' })
  liftedAt: string | null;
}

export class AdminReportDetailDto {
  @ApiProperty({ type: AdminReportDto }) report: AdminReportDto;
  @ApiProperty({
    type: [ReportHistoryItemDto],
    maxItems: HISTORY_LIMIT,
    description: `Every other report of the same target, newest first (the latest ${HISTORY_LIMIT})`,
  })
  otherReportsOnTarget: ReportHistoryItemDto[];
  @ApiProperty({
    type: [ReportHistoryItemDto],
    maxItems: HISTORY_LIMIT,
    description:
      "Reports of the target user's other content, or of them, newest first " +
      `(the latest ${HISTORY_LIMIT})`,
  })
  reportsOnOtherTargetsOfUser: ReportHistoryItemDto[];
  @ApiProperty({
    type: [SanctionHistoryItemDto],
    maxItems: HISTORY_LIMIT,
    description: `The target user's sanctions, newest first (the latest ${HISTORY_LIMIT})`,
  })
  sanctionsOfUser: SanctionHistoryItemDto[];
}
