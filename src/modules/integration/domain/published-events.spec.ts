import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ProductDeleted, ProductListed, ProductUpdated } from '../../catalog';
import type { ProductEventPayload } from '../../catalog';
import { UserDeleted } from '../../identity';
import type { UserDeletedPayload } from '../../identity';
import {
  ClaimAccepted,
  ClaimDisputed,
  ClaimFiled,
  ClaimResolved,
  ClaimWithdrawn,
  DisputeClosed,
  DisputeOpened,
  PaymentIntentStatusChanged,
  PayoutSent,
} from '../../payment';
import type {
  ClaimEventPayload,
  DisputeClosedPayload,
  DisputeOpenedPayload,
  PaymentIntentStatusChangedPayload,
  PayoutSentPayload,
} from '../../payment';
import { RENTAL_EVENT_FOR_STATUS } from '../../rental';
import type { RentalEventPayload } from '../../rental';
import { ProductRatingChanged, UserRatingChanged } from '../../review';
import { project } from './event-projection';
import type { JsonSchema } from './json-schema';
import { PAYLOAD_SCHEMAS, PUBLISHED_EVENTS, publishedSchemas } from './published-events';

const ids = ['0f8fad5b-d9cb-469f-a165-70867728950e', '7c9e6679-7425-40de-944b-e07fc1f90ae7'];

/** One payload per published event, typed as its publisher defines it (the type checker checks them). */
const rental: RentalEventPayload = {
  rentalId: ids[0],
  productId: ids[1],
  renterId: ids[0],
  ownerId: ids[1],
  startDate: '2026-07-01',
  endDate: '2026-07-04',
  status: 'accepted',
  previousStatus: 'requested',
  actorId: ids[1],
  cancelledBy: null,
  quote: { currency: 'EUR', rentalDays: 3, subtotal: 4500, platformFee: 450, deposit: 5000, total: 9950 },
};
const product: ProductEventPayload = { productId: ids[0], ownerId: ids[1], title: 'Drill', status: 'active' };
const payment: PaymentIntentStatusChangedPayload = {
  intentId: ids[0],
  purpose: 'rental',
  reference: `rental-${ids[1]}`,
  payerId: ids[0],
  payeeId: ids[1],
  rentalId: ids[1],
  subscriptionId: null,
  status: 'requires_payment_method',
  previousStatus: 'processing',
  amount: 9950,
  currency: 'EUR',
  lastError: { code: 'card_declined', message: 'Your card was declined.' },
};
const deleted: UserDeletedPayload = { userId: ids[0], deletedAt: '2026-07-01T10:00:00.000Z' };
const payout: PayoutSentPayload = {
  payoutId: ids[1],
  rentalId: ids[0],
  ownerId: ids[1],
  amount: 4500,
  currency: 'EUR',
  sentAt: '2026-07-06T10:00:00.000Z',
};
const disputed = {
  disputeId: ids[1],
  rentalId: ids[1],
  intentId: ids[0],
  renterId: ids[0],
  ownerId: ids[1],
  amount: 4950,
  currency: 'EUR',
  reason: 'product_not_received',
};
const disputeOpened: DisputeOpenedPayload = {
  ...disputed,
  kind: 'chargeback',
  evidenceDueBy: '2026-07-20T23:59:59.000Z',
  payoutHeld: true,
};
const disputeClosed: DisputeClosedPayload = {
  ...disputed,
  outcome: 'lost',
  ownerDebited: 4500,
  platformDebited: 450,
};
const claim: ClaimEventPayload = {
  claimId: ids[1],
  rentalId: ids[0],
  productId: ids[1],
  ownerId: ids[1],
  renterId: ids[0],
  amount: 3000,
  currency: 'EUR',
  status: 'resolved',
  awarded: 1500,
  actorId: ids[1],
  actorRole: 'admin',
};
const samples: Record<string, unknown> = {
  ClaimEventPayloadV1: claim,
  ProductEventPayloadV1: product,
  RentalEventPayloadV1: rental,
  ProductRatingChangedPayloadV1: { productId: ids[0], average: 4.5, count: 2 },
  UserRatingChangedPayloadV1: { userId: ids[0], average: null, count: 0 },
  PaymentIntentStatusChangedPayloadV1: payment,
  UserDeletedPayloadV1: deleted,
  PayoutSentPayloadV1: payout,
  DisputeOpenedPayloadV1: disputeOpened,
  DisputeClosedPayloadV1: disputeClosed,
};

describe('the published events (the integrators’ contract)', () => {
  it('are the publishers’ own events, at their published versions', () => {
    const published = [
      ProductListed,
      ProductUpdated,
      ProductDeleted,
      ...Object.values(RENTAL_EVENT_FOR_STATUS),
      ProductRatingChanged,
      UserRatingChanged,
      PaymentIntentStatusChanged,
      UserDeleted,
      PayoutSent,
      DisputeOpened,
      DisputeClosed,
      ClaimFiled,
      ClaimAccepted,
      ClaimDisputed,
      ClaimResolved,
      ClaimWithdrawn,
    ].map((d) => `${d.type}@${d.version}`);
    expect(PUBLISHED_EVENTS.map((e) => `${e.type}@${e.version}`).sort()).toEqual(published.sort());
  });

  it('have one envelope schema each, named uniquely', () => {
    const names = PUBLISHED_EVENTS.map((e) => e.schemaName);
    expect(new Set(names).size).toBe(names.length);
    for (const e of PUBLISHED_EVENTS) expect(PAYLOAD_SCHEMAS[e.payloadSchema]).toBeDefined();
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const schemas = publishedSchemas();
  for (const [name, schema] of Object.entries(schemas))
    ajv.addSchema(schema as object, `#/components/schemas/${name}`);

  it.each(Object.keys(samples))('%s: a real payload, projected, fits its schema', (name) => {
    const projected = project(samples[name], PAYLOAD_SCHEMAS[name], schemas);
    const validate = ajv.compile({ $ref: `#/components/schemas/${name}` });
    expect({ valid: validate(projected), errors: validate.errors ?? [] }).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('leaves out what the schema does not name (the payment reference, the gateway message)', () => {
    const projected = project(
      payment,
      PAYLOAD_SCHEMAS.PaymentIntentStatusChangedPayloadV1,
      schemas,
    ) as Record<string, unknown>;
    expect(projected).not.toHaveProperty('reference');
    expect(project(claim, PAYLOAD_SCHEMAS.ClaimEventPayloadV1, schemas)).not.toHaveProperty('actorId');
    expect(projected.lastError).toEqual({ code: 'card_declined' });
    expect(project({ ...product, secret: 'x' }, PAYLOAD_SCHEMAS.ProductEventPayloadV1, schemas)).toEqual(
      product,
    );
  });

  it('validates whole envelopes through IntegrationEvent, refusing a wrong type or a stray member', () => {
    const validate = ajv.compile({ $ref: '#/components/schemas/IntegrationEvent' });
    const envelope = {
      id: ids[0],
      type: 'rental.RentalAccepted',
      version: 1,
      occurredAt: '2026-07-01T10:00:00.000Z',
      payload: rental,
    };
    expect(validate(envelope)).toBe(true);
    expect(validate({ ...envelope, type: 'rental.RentalTeleported' })).toBe(false);
    expect(validate({ ...envelope, payload: { ...rental, extra: 1 } })).toBe(false);
  });

  it('name a resource per event, the unit of per-resource ordering', () => {
    const resources = PUBLISHED_EVENTS.map((e) =>
      e.resource(samples[e.payloadSchema] as Record<string, unknown>),
    );
    expect(new Set(resources)).toEqual(
      new Set([`product:${ids[0]}`, `rental:${ids[0]}`, `user:${ids[0]}`, `payment_intent:${ids[0]}`]),
    );
  });

  it('keep every string bounded and every object closed (the OWASP lint of the document)', () => {
    const problems: string[] = [];
    const walk = (s: JsonSchema, at: string) => {
      const types = [s.type].flat();
      if (types.includes('string') && !s.enum && s.maxLength === undefined)
        problems.push(`${at}: no maxLength`);
      if (types.includes('object') && s.additionalProperties !== false) problems.push(`${at}: open object`);
      for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${at}.${k}`);
      for (const v of s.oneOf ?? []) walk(v, `${at}|`);
    };
    for (const [name, schema] of Object.entries(schemas)) walk(schema, name);
    expect(problems).toEqual([]);
  });
});
