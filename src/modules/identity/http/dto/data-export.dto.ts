import { ApiProperty } from '@nestjs/swagger';
import { DATA_EXPORT_VIEW_STATUSES } from '../../domain/data-export-rules';

export class DataExportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: DATA_EXPORT_VIEW_STATUSES,
    enumName: 'DataExportStatus',
    description:
      '`pending`: being assembled; `ready`: the document can be downloaded until `expiresAt`; `failed`: ' +
      'could not be assembled, ask again; `expired`: the document was deleted, ask again',
  })
  status: string;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'When it became ready' })
  readyAt: string | null;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Until when the document can be downloaded (DATA_EXPORT_TTL_DAYS after readyAt)',
  })
  expiresAt: string | null;
}

export class DataExportPageDto {
  @ApiProperty({ type: [DataExportDto], maxItems: 100 }) items: DataExportDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 1 }) total: number;
}

const section = (description: string) =>
  ApiProperty({ type: 'object', additionalProperties: true, description });

export class IdentityExportSectionDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'id, email, emailVerifiedAt, role, status, createdAt, updatedAt',
  })
  account: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'fullName, displayName, bio, avatarUrl, phone, locale, location { city, country, lat, lng }',
  })
  profile: Record<string, unknown> | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description:
      'One per sign-in: id, startedAt, lastActiveAt, expiresAt, endedAt, active, client { userAgent, network } ' +
      '(never a token)',
  })
  sessions: Record<string, unknown>[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'totp { enrolledAt, confirmedAt } or null, recoveryCodesLeft (never the secret or the codes)',
  })
  secondFactor: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    maxItems: 1000,
    items: { type: 'object', additionalProperties: true },
    description:
      'The audit log entries about this account, newest first (at most 1000): action, occurredAt, by ' +
      "('you' or the acting role), network, details",
  })
  securityEvents: Record<string, unknown>[];
}

/**
 * The downloaded document: everything OneSociety holds about the caller, one section per context.
 * Plain JSON; instants as ISO 8601, calendar dates as YYYY-MM-DD, money as integer minor units
 * with its ISO 4217 currency. No credentials: no password, token or card number.
 */
export class DataExportDocumentDto {
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: IdentityExportSectionDto }) identity: IdentityExportSectionDto;
  @section('listings: the listings they own, with category, prices, deposit, images, status, address')
  catalog: Record<string, unknown>;
  @section('asRenter, asOwner: rentals with dates, status, quote (minor units), notes and status history')
  rental: Record<string, unknown>;
  @section('conversations they take part in, each with every message sent and received')
  messaging: Record<string, unknown>;
  @section('written: product and user reviews they wrote; received: published user reviews about them')
  review: Record<string, unknown>;
  @section(
    'paymentMethods (brand, last4, expiry only), paymentIntents, refunds, ledgerEntries concerning them',
  )
  payment: Record<string, unknown>;
  @section('subscriptions with their plan and charges, and usage counted against plan limits')
  subscription: Record<string, unknown>;
  @section('blocks: the people they blocked (userId, blockedAt); never who blocked them')
  trust: Record<string, unknown>;
  @section(
    'notifications: what they were told (kind, category, title, body, link, inApp, emailed, readAt); preferences per category',
  )
  notification: Record<string, unknown>;
}
