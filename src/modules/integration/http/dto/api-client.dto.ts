import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';
import { API_KEY_SCOPES, type ApiKeyScope, KEYS_SHOWN } from '../../domain/integration-vocabulary';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** May be omitted, but not null. */
const Omittable = () => ValidateIf((_, value) => value !== undefined);

export const SCOPES_DESCRIPTION =
  '`listings:read`: search and read public listings (GET /products, GET /products/{id}) with the key; ' +
  '`rentals:read`: every rental of the marketplace (GET /integrations/rentals); `events:read`: the events ' +
  'feed (GET /events) and webhooks (/integrations/webhooks)';

export class CreateApiClientDto {
  @ApiProperty({ example: 'Acme Insurance', minLength: 1, maxLength: 100, description: 'Who the client is' })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({
    type: [String],
    enum: API_KEY_SCOPES,
    minItems: 1,
    maxItems: API_KEY_SCOPES.length,
    example: ['rentals:read', 'events:read'],
    description: `What the client's keys may do. ${SCOPES_DESCRIPTION}`,
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 100000,
    example: 1200,
    description:
      'Requests per minute per key; omitted: the configured default (API_KEY_RATE_LIMIT_PER_MINUTE)',
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  rateLimitPerMinute?: number;
}

export class RotateApiKeyDto {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: 168,
    example: 24,
    description:
      'Hours the keys in force keep working beside the new one (0: they stop now); omitted: ' +
      'API_KEY_ROTATION_GRACE_HOURS (24 by default). A grace never lengthens a key already ending sooner.',
  })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(168)
  graceHours?: number;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'osk_live_Ab12Cd34',
    maxLength: 17,
    description: 'The first characters of the key, to tell keys apart; never enough to use one',
  })
  hint: string;
  @ApiProperty({
    enum: ['active', 'expiring', 'expired', 'revoked'],
    description: 'expiring: replaced by a rotation, works until expiresAt',
  })
  status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the key last authenticated a request, to the minute; null if never',
  })
  lastUsedAt: string | null;
}

export class ApiClientDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Acme Insurance', maxLength: 100 }) name: string;
  @ApiProperty({ type: [String], enum: API_KEY_SCOPES, maxItems: API_KEY_SCOPES.length }) scopes: string[];
  @ApiProperty({ example: 600, minimum: 1, maximum: 100000, description: 'Requests per minute per key' })
  rateLimitPerMinute: number;
  @ApiProperty({ enum: ['active', 'revoked'] }) status: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt: string | null;
  @ApiProperty({
    type: [ApiKeyDto],
    maxItems: KEYS_SHOWN,
    description: `The ${KEYS_SHOWN} newest keys, revoked and expired ones included`,
  })
  keys: ApiKeyDto[];
}

export class IssuedApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    example: 'osk_live_4f9Qm0m8WlqZ3JpYk2VtU7aX1bC5dE6fG7hI8jK9lMn',
    maxLength: 60,
    description: 'The key. Shown this once: store it now (only its SHA-256 is kept)',
  })
  secret: string;
  @ApiProperty({ example: 'osk_live_4f9Qm0m8', maxLength: 17 }) hint: string;
}

export class ApiClientSecretDto {
  @ApiProperty({ type: ApiClientDto }) client: ApiClientDto;
  @ApiProperty({ type: IssuedApiKeyDto }) key: IssuedApiKeyDto;
}

export class ApiClientPageDto {
  @ApiProperty({ type: [ApiClientDto], description: 'Newest first' }) items: ApiClientDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older clients; null when there are none',
  })
  nextCursor: string | null;
}
