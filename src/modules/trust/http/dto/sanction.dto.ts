import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { exampleDay } from '../../../../platform/http/example-dates';
import { IsInstant } from '../../../../platform/http/is-instant';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { MAX_SUSPENSION_DAYS } from '../../domain/sanction-rules';
import type { SanctionKind } from '../../domain/trust-vocabulary';
import { SANCTION_KINDS } from '../../domain/trust-vocabulary';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';
const TEXT_MAX = 2000;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** May be omitted, but not null. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

export class ImposeSanctionDto {
  @ApiProperty({
    enum: SANCTION_KINDS,
    example: 'suspension',
    description:
      'warning: the user is told, nothing is restricted; suspension: restricted until `until`; ban: ' +
      'restricted until lifted',
  })
  @IsIn(SANCTION_KINDS)
  kind: SanctionKind;

  @ApiProperty({
    example: 'Listings advertised items you do not own, after a warning.',
    minLength: 3,
    maxLength: TEXT_MAX,
    description: 'Shown to the user (GET /trust/sanctions)',
  })
  @Transform(trim)
  @IsString()
  @Length(3, TEXT_MAX)
  reason: string;

  @ApiPropertyOptional({
    format: 'date-time',
    // The longest RFC 3339 instant IsInstant takes: microseconds and an offset.
    maxLength: 32,
    example: `${exampleDay(30)}T12:00:00Z`,
    description: `A suspension's end, in the future and at most ${MAX_SUSPENSION_DAYS} days on: required for a suspension, refused for a warning or a ban`,
  })
  @Omittable()
  @IsInstant()
  until?: string;
}

export class LiftSanctionDto {
  @ApiPropertyOptional({
    example: 'Appeal accepted: the listings were the user’s own.',
    maxLength: TEXT_MAX,
    description: 'For other moderators; the user is not shown it',
  })
  @Omittable()
  @Transform(trim)
  @IsString()
  @MaxLength(TEXT_MAX)
  note?: string;
}

export class SanctionsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: sanctions older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @Omittable()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class OwnSanctionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SANCTION_KINDS, example: 'warning' }) kind: SanctionKind;
  @ApiProperty({ example: 'Please describe the condition of your items truthfully.', description: 'Why' })
  reason: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: "A suspension's end; null for a warning or a ban",
  })
  endsAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When a moderator lifted it',
  })
  liftedAt: string | null;
  @ApiProperty({
    description: 'Whether it restricts the user now (a suspension or ban, not ended or lifted)',
  })
  standing: boolean;
}

export class SanctionDto extends OwnSanctionDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'The report it answered, if any',
  })
  reportId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The moderator who imposed it' })
  imposedBy: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'The moderator who lifted it' })
  liftedBy: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: TEXT_MAX,
    description: "The lifting moderator's note",
  })
  liftNote: string | null;
}

export class OwnSanctionPageDto {
  @ApiProperty({ type: [OwnSanctionDto], description: 'Newest first' }) items: OwnSanctionDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older sanctions; null when there are none',
  })
  nextCursor: string | null;
}

export class SanctionPageDto {
  @ApiProperty({ type: [SanctionDto], description: 'Newest first' }) items: SanctionDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older sanctions; null when there are none',
  })
  nextCursor: string | null;
}
