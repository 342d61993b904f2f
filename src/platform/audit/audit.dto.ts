import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsInstant } from '../http/is-instant';
import { MAX_PAGE_LIMIT } from '../http/pagination';
import { IsUuid } from '../http/uuid';

const ACTION_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';
const TARGET_TYPE_PATTERN = '^[a-z][a-z0-9_]*$';
const TARGET_ID_PATTERN = '^[A-Za-z0-9._:-]+$';
const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class AuditQueryDto {
  @ApiPropertyOptional({ description: 'Only what this user did', format: 'uuid' })
  @IsOptional()
  @IsUuid()
  actorId?: string;

  @ApiPropertyOptional({
    description: 'Only entries about this kind of thing',
    example: 'user',
    maxLength: 50,
    pattern: TARGET_TYPE_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  @Matches(new RegExp(TARGET_TYPE_PATTERN), { message: 'targetType must be a lower-case name like user' })
  targetType?: string;

  @ApiPropertyOptional({
    description: 'Only entries about this one (with targetType, the id of that kind of thing)',
    maxLength: 100,
    pattern: TARGET_ID_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(new RegExp(TARGET_ID_PATTERN), { message: 'targetId must be an id (letters, digits, . _ : -)' })
  targetId?: string;

  @ApiPropertyOptional({ example: 'identity.password_changed', maxLength: 100, pattern: ACTION_PATTERN })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(new RegExp(ACTION_PATTERN), { message: 'action must be a dotted name like identity.role_granted' })
  action?: string;

  @ApiPropertyOptional({ description: 'Entries at or after this instant', format: 'date-time' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Entries before this instant (exclusive)', format: 'date-time' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: entries older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    format: 'date-time',
    description: 'When the change committed its transaction began (microseconds)',
  })
  occurredAt: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'Null: the system or an anonymous caller',
  })
  actorId: string | null;
  @ApiProperty({ enum: ['user', 'admin', 'system', 'anonymous'] }) actorRole: string;
  @ApiProperty({ example: 'identity.role_granted', maxLength: 100 }) action: string;
  @ApiProperty({ nullable: true, type: String, example: 'user', maxLength: 50 }) targetType: string | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 100 }) targetId: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The request's X-Request-Id", maxLength: 128 })
  requestId: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The caller's network (IPv4 /24, IPv6 /48), never an address",
    example: '203.0.113.0/24',
    maxLength: 64,
  })
  network: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: {
      oneOf: [{ type: 'string', maxLength: 2000 }, { type: 'number' }, { type: 'boolean' }],
      nullable: true,
    },
    description: 'A few facts about the event, never personal data',
    example: { role: 'admin', previousRole: 'user' },
  })
  details: Record<string, string | number | boolean | null>;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto], description: 'Newest first' }) items: AuditEntryDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older entries; null when there are none',
  })
  nextCursor: string | null;
}
