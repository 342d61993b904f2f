import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../../../platform/http/is-instant';
import type { ModerationAction } from '../../domain/moderation-rules';
import {
  DECISION_NOTE_MAX_LENGTH,
  DECISION_REASON_MAX_LENGTH,
  MODERATION_ACTIONS,
  SUSPENSION_MAX_DAYS,
} from '../../domain/moderation-rules';
import type { ReportResolution } from '../../domain/trust-vocabulary';
import { REPORT_RESOLUTIONS } from '../../domain/trust-vocabulary';

export class DecideReportDto {
  @ApiProperty({
    enum: MODERATION_ACTIONS,
    example: 'warn',
    description:
      '`dismiss` (nothing wrong); `hide_listing` (listings); `remove_content` (messages, reviews); ' +
      "`warn`, `suspend` or `ban` the target's author (any target; for a user target, the user)",
  })
  @IsIn(MODERATION_ACTIONS)
  action: ModerationAction;

  @ApiPropertyOptional({
    maxLength: DECISION_REASON_MAX_LENGTH,
    example: 'Asking to be paid outside the platform is not allowed.',
    description: 'Shown to the affected person; required (not blank) for every action but `dismiss`',
  })
  @IsOptional()
  @IsString()
  @MaxLength(DECISION_REASON_MAX_LENGTH)
  reason?: string;

  @ApiPropertyOptional({
    maxLength: DECISION_NOTE_MAX_LENGTH,
    example: 'Second report this month; checked the conversation.',
    description: 'For moderators only: never shown to the reporter or the affected person',
  })
  @IsOptional()
  @IsString()
  @MaxLength(DECISION_NOTE_MAX_LENGTH)
  note?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    // The longest instant: microseconds and an offset (2026-01-31T10:00:00.000000+01:00).
    maxLength: 32,
    description: `When a suspension ends: in the future, at most ${SUSPENSION_MAX_DAYS} days ahead; \`suspend\` only`,
  })
  @IsOptional()
  @IsInstant()
  @MaxLength(32)
  until?: string;
}

export class ModerationDecisionDto {
  @ApiProperty({ format: 'uuid', description: 'The decided report' }) reportId: string;
  @ApiProperty({ enum: MODERATION_ACTIONS }) action: ModerationAction;
  @ApiProperty({ enum: ['dismissed', 'actioned'] }) outcome: 'dismissed' | 'actioned';
  @ApiProperty({ enum: REPORT_RESOLUTIONS }) resolution: ReportResolution;
  @ApiProperty({
    minimum: 1,
    description: 'How many open reports of the target the decision closed, the decided one included',
  })
  closedReports: number;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The sanction imposed by `warn`, `suspend` or `ban`',
  })
  sanctionId: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was decided (microseconds)' }) decidedAt: string;
}
