import type { JsonSchema } from './json-schema';
import type { PublishedEvent } from './published-event';
import { componentRef, day, instant, integer, object, oneOfValues, orNull, uuid } from './json-schema';
import { MAX_PLATFORM_FEE, MAX_PRICE, MAX_SUBTOTAL, MAX_TOTAL } from './money-bounds';
import { MONEY_EVENTS, MONEY_PAYLOAD_SCHEMAS, currency } from './money-event-schemas';

/**
 * The events third parties may read (GET /events, webhooks): the public contract. Each is an
 * internal integration event, declared here by its published type and version (as a separately
 * deployed consumer would; published-events.spec.ts checks them against the publishers' own
 * definitions), with the schema of what integrators get of its payload (event-projection.ts keeps
 * to it). Internal events (mail requests, data exports, moderation internals, blocks between
 * members) are not published. A payload change that is not purely additive ships as a new version
 * beside the old one; a new member appears only when its schema here names it.
 */
export type { PublishedEvent } from './published-event';

const RENTAL_STATUSES = [
  'requested',
  'accepted',
  'declined',
  'cancelled',
  'expired',
  'active',
  'returned',
  'completed',
] as const;
const PRODUCT_STATUSES = ['draft', 'active', 'paused', 'pending_approval', 'hidden'] as const;
const rating = (): JsonSchema => ({
  type: ['number', 'null'],
  minimum: 1,
  maximum: 5,
  description: 'Mean of the published ratings (1-5); null when there are none',
});

/** The payload schemas, by component name. */
export const PAYLOAD_SCHEMAS: Record<string, JsonSchema> = {
  ProductEventPayloadV1: object(
    {
      productId: uuid(),
      ownerId: uuid(),
      title: { type: 'string', minLength: 1, maxLength: 120 },
      status: oneOfValues(PRODUCT_STATUSES, 'The listing’s status after the change'),
    },
    'A listing as it stands after the change',
  ),
  RentalQuoteV1: object(
    {
      currency: currency(),
      rentalDays: integer(1, 365),
      subtotal: integer(0, MAX_SUBTOTAL),
      platformFee: integer(0, MAX_PLATFORM_FEE),
      deposit: integer(0, MAX_PRICE, 'Refundable'),
      total: integer(0, MAX_TOTAL, 'subtotal + platformFee + deposit'),
    },
    'The priced stay, fixed when the rental was requested',
  ),
  RentalEventPayloadV1: object(
    {
      rentalId: uuid(),
      productId: uuid(),
      renterId: uuid(),
      ownerId: uuid(),
      startDate: day('First day (inclusive)'),
      endDate: day('Day after the last (exclusive)'),
      status: oneOfValues(RENTAL_STATUSES, 'The status the rental entered'),
      previousStatus: orNull(oneOfValues(RENTAL_STATUSES)),
      actorId: orNull(uuid('Who caused it; null when the system did (expiry, completion)')),
      cancelledBy: orNull(oneOfValues(['renter', 'owner'], 'For cancellations: which side cancelled')),
      quote: componentRef('RentalQuoteV1'),
    },
    'The whole rental after the step, so a receiver need not call back',
  ),
  ProductRatingChangedPayloadV1: object({
    productId: uuid(),
    average: rating(),
    count: integer(0, 100_000_000, 'Published reviews'),
  }),
  UserRatingChangedPayloadV1: object({
    userId: uuid(),
    average: rating(),
    count: integer(0, 100_000_000, 'Published reviews, as renter and as owner'),
  }),
  PaymentIntentStatusChangedPayloadV1: object({
    intentId: uuid(),
    purpose: oneOfValues(['rental', 'subscription']),
    payerId: uuid(),
    payeeId: orNull(uuid('The owner paid, for a rental')),
    rentalId: orNull(uuid()),
    subscriptionId: orNull(uuid()),
    status: {
      type: 'string',
      pattern: '^[a-z_]+$',
      maxLength: 32,
      description:
        'requires_payment_method, requires_action, processing, authorized, captured, succeeded, canceled or refunded',
    },
    previousStatus: { type: ['string', 'null'], pattern: '^[a-z_]+$', maxLength: 32 },
    amount: integer(0, MAX_TOTAL),
    currency: currency(),
    lastError: orNull(
      object({ code: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$', maxLength: 64 } }, 'Why it failed'),
    ),
  }),
  UserDeletedPayloadV1: object(
    { userId: uuid(), deletedAt: instant('When the account was erased') },
    'The person erased their account: erase or anonymise what you hold about them',
  ),
  ...MONEY_PAYLOAD_SCHEMAS,
};

const byId = (key: string) => (payload: Record<string, unknown>) => String(payload[key]);

const rentalEvent = (name: string, description: string): PublishedEvent => ({
  type: `rental.${name}`,
  version: 1,
  schemaName: `${name}EventV1`,
  payloadSchema: 'RentalEventPayloadV1',
  description,
  resource: (p) => `rental:${byId('rentalId')(p)}`,
});

const productEvent = (name: string, description: string): PublishedEvent => ({
  type: `catalog.${name}`,
  version: 1,
  schemaName: `${name}EventV1`,
  payloadSchema: 'ProductEventPayloadV1',
  description,
  resource: (p) => `product:${byId('productId')(p)}`,
});

export const PUBLISHED_EVENTS: readonly PublishedEvent[] = [
  productEvent('ProductListed', 'A listing was published (or approved) and can be rented'),
  productEvent(
    'ProductUpdated',
    'A listing changed: its title, or its status (paused, hidden, active again)',
  ),
  productEvent('ProductDeleted', 'A listing was deleted'),
  rentalEvent('RentalRequested', 'A renter asked for dates; the owner has a window to answer'),
  rentalEvent('RentalAccepted', 'The owner accepted the request'),
  rentalEvent('RentalDeclined', 'The owner declined the request'),
  rentalEvent('RentalCancelled', 'The renter or the owner cancelled'),
  rentalEvent('RentalExpired', 'The owner did not answer in time'),
  rentalEvent('RentalHandedOver', 'The owner handed the item over: the rental is active'),
  rentalEvent('RentalReturned', 'The item came back; the inspection window runs'),
  rentalEvent('RentalCompleted', 'The rental is over; the review window opens'),
  {
    type: 'review.ProductRatingChanged',
    version: 1,
    schemaName: 'ProductRatingChangedEventV1',
    payloadSchema: 'ProductRatingChangedPayloadV1',
    description: 'A listing’s published reviews changed: its new rating summary',
    resource: (p) => `product:${byId('productId')(p)}`,
  },
  {
    type: 'review.UserRatingChanged',
    version: 1,
    schemaName: 'UserRatingChangedEventV1',
    payloadSchema: 'UserRatingChangedPayloadV1',
    description: 'A member’s published reviews changed: their new rating summary',
    resource: (p) => `user:${byId('userId')(p)}`,
  },
  {
    type: 'payment.PaymentIntentStatusChanged',
    version: 1,
    schemaName: 'PaymentIntentStatusChangedEventV1',
    payloadSchema: 'PaymentIntentStatusChangedPayloadV1',
    description: 'A payment moved: authorized, captured, failed, refunded…',
    resource: (p) => `payment_intent:${byId('intentId')(p)}`,
  },
  {
    type: 'identity.UserDeleted',
    version: 1,
    schemaName: 'UserDeletedEventV1',
    payloadSchema: 'UserDeletedPayloadV1',
    description: 'A member erased their account (GDPR art. 17): erase what you copied about them',
    resource: (p) => `user:${byId('userId')(p)}`,
  },
  ...MONEY_EVENTS,
];

/** Published types by name (`rental.RentalAccepted`), for filters and webhook subscriptions. */
export const PUBLISHED_TYPES: readonly string[] = [...new Set(PUBLISHED_EVENTS.map((e) => e.type))];

export const publishedEvent = (type: string, version: number): PublishedEvent | undefined =>
  PUBLISHED_EVENTS.find((e) => e.type === type && e.version === version);

/** The envelope every published event travels in, in the feed and in webhook bodies alike. */
export function envelopeSchema(event: PublishedEvent): JsonSchema {
  return object(
    {
      id: uuid('The event’s id: the same in the feed and in every delivery of it. Deduplicate on it.'),
      type: { type: 'string', enum: [event.type], maxLength: 64 },
      version: { type: 'integer', format: 'int32', enum: [event.version], minimum: 1, maximum: 1000 },
      occurredAt: instant('When it happened, as its publisher recorded it'),
      payload: componentRef(event.payloadSchema),
    },
    `${event.type} v${event.version}: ${event.description}`,
  );
}

/** Every schema the contract adds to the OpenAPI document, by component name. */
export function publishedSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = { ...PAYLOAD_SCHEMAS };
  for (const event of PUBLISHED_EVENTS) schemas[event.schemaName] = envelopeSchema(event);
  schemas.IntegrationEvent = {
    description:
      'An event as integrators receive it (GET /events, webhook bodies), one of the published types and ' +
      'versions. Delivery is at least once: deduplicate on `id`.',
    oneOf: PUBLISHED_EVENTS.map((e) => componentRef(e.schemaName)),
    // One version per type today, so `type` tells them apart; a second version of a type would
    // drop the discriminator (its `version` const still keeps the oneOf exclusive).
    discriminator: {
      propertyName: 'type',
      mapping: Object.fromEntries(
        PUBLISHED_EVENTS.map((e) => [e.type, componentRef(e.schemaName).$ref as string]),
      ),
    },
  };
  return schemas;
}
