import type { OpenAPIObject } from '@nestjs/swagger';
import { type Schema, tidy } from './openapi-validation';

/**
 * Response-only strings and arrays have no validator to read, so their bounds come by field kind,
 * each true of everything the API sends (why, after each). A response field with neither a bound in
 * its DTO nor an entry here fails the Spectral lint until its owner documents one. `null`: no
 * honest bound exists today (see test/hardening/FINDINGS.md); .spectral.yaml names those.
 */
const RESPONSE_BOUNDS: Record<string, number | null> = {
  // Formats: UUIDs are 36 characters; instants come from toISOString() (24) or PostgreSQL (≤ 32).
  'format:uuid': 36,
  'format:date': 10,
  'format:date-time': 32,
  // Lists: a page never holds more than `limit`, at most 100 (test/hardening/pagination-limits).
  'page:items': 100,
  // Values that came in through validated requests keep their input bound.
  email: 254,
  fullName: 100,
  displayName: 100, // signup derives it from the first word of fullName (≤ 100); edits allow 50
  bio: 2000,
  phone: 16, // E.164: '+' and at most 15 digits
  avatarUrl: 2048,
  url: 2048,
  redirectUrl: 2048,
  city: 100,
  street: 200,
  country: 2,
  currency: 3,
  title: 120, // products and reviews 120; problem titles are HTTP reason phrases
  description: 5000, // products; plan descriptions are seeded reference data
  name: 255, // categories 60, attachments 255, plans (seeded)
  slug: 400, // given slugs ≤ 80; derived ones chain the parent's slug, at most 5 levels deep
  alt: 200,
  tags: 30,
  notes: 1000,
  reason: 200,
  body: 4000, // messages and reviews
  mimeType: 255,
  features: 200, // seeded plan features
  clientSecret: 200,
  // Values the API makes itself.
  accessToken: 1024, // an HS256 JWT of six short claims (about 300 characters)
  refreshToken: 256, // 43 characters issued; the refresh endpoint accepts up to 256
  tokenType: 16,
  nextCursor: 200, // decodeCursor refuses longer ones; encoded cursors are about 90
  systemEvent: 32,
  last4: 4,
  requestId: 128, // a client's X-Request-Id (8-128 safe characters) or a UUID
  type: 2048, // problem type URIs; next-action types
  code: 64, // problem codes (`CATALOG.PRODUCT_NOT_FOUND`) and seeded plan codes
  'SandboxAuthenticationResultDto.id': 64,
  'SandboxAuthenticationResultDto.status': 32,
  'RentalDetailDto.history': 5, // the longest path: requested, accepted, active, returned, completed
  'CategoryDto.path': 5, // categories are at most 5 levels deep
  'ConversationDto.participants': 2,
  'OpenedConversationDto.participants': 2,
  'AvailabilityDto.conflicts': 366, // disjoint held ranges (≥ 1 day) overlapping a stay of ≤ 365 days
  'CalendarDto.ranges': 366, // disjoint ranges (≥ 1 day) overlapping a window of ≤ 366 days
  'BlockListDto.items': 1096, // disjoint blocks (≥ 1 day, ≤ 365 days) starting within 730 days
  'PlanDto.features': 20, // seeded
  'PlanListDto.items': 20, // seeded
  'ProductDto.images': 12,
  'ProductDto.tags': 20,
  'ProductSummaryDto.tags': 20,
  // Problem details: validation.pipe.ts and problem-details.filter.ts cut what echoes client input.
  'ProblemDetailsDto.detail': 1000,
  'ProblemDetailsDto.instance': 2048,
  'ProblemDetailsDto.errors': 50,
  'FieldErrorDto.field': 200,
  'FieldErrorDto.message': 500,
};

export function boundResponses(document: OpenAPIObject): void {
  const bound = (schemaName: string, property: string, isPage: boolean) => {
    const keys = [`${schemaName}.${property}`, isPage && property === 'items' ? 'page:items' : '', property];
    const key = keys.find((k) => k && k in RESPONSE_BOUNDS);
    return key === undefined ? undefined : RESPONSE_BOUNDS[key];
  };
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {}) as [string, Schema][]) {
    tidy(schema);
    if (schema.additionalProperties === false || !schema.properties) continue; // request bodies
    const isPage = 'limit' in schema.properties || 'nextCursor' in schema.properties;
    for (const [property, value] of Object.entries(schema.properties)) {
      tidy(value);
      if (value.type === 'array') {
        const items = value.items ?? {};
        const limit = bound(name, property, isPage);
        if (limit !== undefined && limit !== null) value.maxItems ??= limit;
        if (items.type === 'string' && !items.enum) {
          const itemLimit = RESPONSE_BOUNDS[`format:${items.format}`] ?? RESPONSE_BOUNDS[property];
          if (itemLimit) items.maxLength ??= itemLimit;
        }
      } else if (value.type === 'string' && !value.enum) {
        const limit = RESPONSE_BOUNDS[`format:${value.format}`] ?? bound(name, property, false);
        if (limit !== undefined && limit !== null) value.maxLength ??= limit;
      }
    }
  }
}
