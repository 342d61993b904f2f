import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import {
  DELIVERY_STATUSES,
  type DeliveryStatus,
  DISABLED_REASONS,
  MAX_ENDPOINTS_PER_CLIENT,
} from '../../domain/integration-vocabulary';
import { PUBLISHED_TYPES } from '../../domain/published-events';
import { MAX_WEBHOOK_URL_LENGTH } from '../../domain/webhook-url';
import { KeysetQueryDto } from './page-query.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const Omittable = () => ValidateIf((_, value) => value !== undefined);
const EVENT_TYPES = [...PUBLISHED_TYPES, '*'];

const URL_DESCRIPTION =
  'An https URL of a public host. Refused: credentials or a fragment in the URL, IP literals of loopback, ' +
  'private, link-local, metadata, multicast or reserved addresses, and internal names (localhost, *.local, ' +
  '*.internal…). Names are resolved at each delivery and every address they resolve to must be public, or ' +
  'nothing is sent (the attempt fails, naming the address)';

export class CreateWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/onesociety',
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    description: URL_DESCRIPTION,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url: string;

  @ApiProperty({
    type: [String],
    enum: EVENT_TYPES,
    minItems: 1,
    maxItems: EVENT_TYPES.length,
    example: ['rental.RentalAccepted', 'rental.RentalCancelled'],
    description: 'The event types to receive; `*` for every published type, present and future',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes: string[];

  @ApiPropertyOptional({ example: 'Claims system, production', maxLength: 200 })
  @Omittable()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  description?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({
    example: 'https://hooks.example.com/onesociety/v2',
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    description: URL_DESCRIPTION,
  })
  @Omittable()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  url?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: EVENT_TYPES,
    minItems: 1,
    maxItems: EVENT_TYPES.length,
    example: ['*'],
  })
  @Omittable()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(EVENT_TYPES.length)
  @IsIn(EVENT_TYPES, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'Claims system', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  description?: string | null;

  @ApiPropertyOptional({
    example: true,
    description:
      'false pauses deliveries; true resumes them (also after the endpoint was disabled for failing)',
  })
  @Omittable()
  @IsBoolean()
  enabled?: boolean;
}

export class RotateWebhookSecretDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 168,
    default: 24,
    example: 24,
    description: 'Hours the current secret keeps signing beside the new one (0: it stops now)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(168)
  graceHours = 24;
}

export class WebhookEndpointDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'https://hooks.example.com/onesociety', maxLength: MAX_WEBHOOK_URL_LENGTH })
  url: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 200 }) description: string | null;
  @ApiProperty({ type: [String], enum: EVENT_TYPES, maxItems: EVENT_TYPES.length }) eventTypes: string[];
  @ApiProperty({ enum: ['enabled', 'disabled'] }) status: string;
  @ApiProperty({
    enum: DISABLED_REASONS,
    nullable: true,
    description: 'by_owner: paused with PATCH; failing: every attempt failed for the whole retry window',
  })
  disabledReason: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) disabledAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Since when every attempt failed; null while the last one succeeded',
  })
  failingSince: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Until when the previous secret also signs (after a rotation); null otherwise',
  })
  previousSecretExpiresAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class WebhookEndpointSecretDto {
  @ApiProperty({ type: WebhookEndpointDto }) endpoint: WebhookEndpointDto;
  @ApiProperty({
    example: 'whsec_9mA1wq0Jz8l2c4v6b8n0m2q4w6e8r0t2y4u6i8o0p2a',
    maxLength: 60,
    description:
      'The signing secret. Shown this once: store it now. The HMAC key is this whole string (UTF-8)',
  })
  secret: string;
}

export class WebhookEndpointListDto {
  @ApiProperty({
    type: [WebhookEndpointDto],
    maxItems: MAX_ENDPOINTS_PER_CLIENT,
    description: `Oldest first; a client has at most ${MAX_ENDPOINTS_PER_CLIENT}`,
  })
  items: WebhookEndpointDto[];
}

export class DeliveriesQueryDto extends KeysetQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES, description: 'Only deliveries in this state' })
  @IsOptional()
  @IsIn(DELIVERY_STATUSES)
  status?: DeliveryStatus;
}

export class WebhookAttemptDto {
  @ApiProperty({ format: 'date-time' }) attemptedAt: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 600000, example: 84 })
  durationMs: number;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 100,
    maximum: 999,
    nullable: true,
    description: 'What the endpoint answered; null when no answer came',
  })
  statusCode: number | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 500, example: 'HTTP 500' }) error: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 500,
    description: 'The start of the endpoint’s answer',
  })
  responseExcerpt: string | null;
}

export class WebhookDeliveryDto {
  @ApiProperty({ format: 'uuid', description: 'Sent as OneSociety-Delivery-Id' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The event’s id (OneSociety-Event-Id): deduplicate on it' })
  eventId: string;
  @ApiProperty({ enum: PUBLISHED_TYPES }) eventType: string;
  @ApiProperty({
    enum: DELIVERY_STATUSES,
    description: 'pending: waiting for its next attempt; succeeded: a 2xx came back; failed: given up',
  })
  status: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: 10000 }) attempts: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) nextAttemptAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastAttemptAt: string | null;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 100, maximum: 999, nullable: true })
  lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String, maxLength: 500 }) lastError: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'For a manual redelivery: the delivery it repeats',
  })
  redeliveryOf: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookDeliveryDetailDto extends WebhookDeliveryDto {
  @ApiProperty({
    type: [WebhookAttemptDto],
    maxItems: 50,
    description: 'The 50 newest attempts, newest first',
  })
  attemptLog: WebhookAttemptDto[];
}

export class WebhookDeliveryPageDto {
  @ApiProperty({ type: [WebhookDeliveryDto], description: 'Newest first' }) items: WebhookDeliveryDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older ones; null when none',
  })
  nextCursor: string | null;
}
