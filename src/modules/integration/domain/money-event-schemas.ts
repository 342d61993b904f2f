import type { JsonSchema } from './json-schema';
import { instant, integer, object, oneOfValues, orNull, uuid } from './json-schema';
import { MAX_PRICE, MAX_TOTAL } from './money-bounds';
import type { PublishedEvent } from './published-event';

/**
 * Money events for integrators (an accounting tool, an insurance partner, the operator's back
 * office): an owner paid, a damage claim against a deposit at each step, a renter's bank disputing
 * a payment and how it ended. Declared as published-events.ts declares
 * the others; its spec checks them against payment's own definitions.
 */
export const currency = (): JsonSchema => ({
  type: 'string',
  pattern: '^[A-Z]{3}$',
  minLength: 3,
  maxLength: 3,
  description: 'ISO 4217; amounts are in its minor units',
});

const disputeReason = (): JsonSchema => ({
  type: 'string',
  pattern: '^[a-z_]+$',
  maxLength: 64,
  description:
    "The bank's reason as Stripe names it: fraudulent, product_not_received, product_unacceptable, general…",
});

/** What a dispute's events share. */
const disputeCore = {
  disputeId: uuid(),
  rentalId: orNull(uuid('Null for a disputed subscription payment')),
  intentId: uuid('The payment intent disputed'),
  renterId: uuid('Who paid, and disputed with their bank'),
  ownerId: orNull(uuid('The owner paid, for a rental')),
  amount: integer(1, MAX_TOTAL, 'Disputed, in minor units'),
  currency: currency(),
  reason: disputeReason(),
};

export const MONEY_PAYLOAD_SCHEMAS: Record<string, JsonSchema> = {
  ClaimEventPayloadV1: object(
    {
      claimId: uuid(),
      rentalId: uuid(),
      productId: uuid(),
      ownerId: uuid('The owner who filed it'),
      renterId: uuid('The renter it is against'),
      amount: integer(1, MAX_PRICE, 'Claimed from the deposit, in minor units'),
      currency: currency(),
      status: oneOfValues(
        ['open', 'accepted', 'disputed', 'resolved', 'withdrawn'],
        'The status the claim entered',
      ),
      awarded: orNull(
        integer(0, MAX_PRICE, 'Captured from the deposit for the owner (accepted or resolved)'),
      ),
      // Who acted, by role only: an admin's identity stays inside the platform.
      actorRole: oneOfValues(['owner', 'renter', 'admin'], 'Who moved it'),
    },
    "A damage claim against a rental's deposit, after the step",
  ),
  PayoutSentPayloadV1: object(
    {
      payoutId: uuid(),
      rentalId: uuid(),
      ownerId: uuid(),
      amount: integer(1, MAX_TOTAL, "Transferred to the owner's payout account, in minor units"),
      currency: currency(),
      sentAt: instant('When the transfer was made; the bank payout follows on the provider’s schedule'),
    },
    "An owner's share of a rental (or a settled damage claim) was transferred to them",
  ),
  DisputeOpenedPayloadV1: object(
    {
      ...disputeCore,
      kind: oneOfValues(
        ['inquiry', 'chargeback'],
        'An inquiry asks questions; a chargeback takes the money back',
      ),
      evidenceDueBy: orNull(instant('When the platform’s evidence is due')),
      payoutHeld: {
        type: 'boolean',
        description: 'The owner’s unpaid share is held until the dispute closes',
      },
    },
    "A renter's bank opened a dispute on a payment",
  ),
  DisputeClosedPayloadV1: object(
    {
      ...disputeCore,
      outcome: oneOfValues(['won', 'lost', 'withdrawn']),
      ownerDebited: integer(0, MAX_TOTAL, "For a lost dispute: taken from the owner's unpaid share"),
      platformDebited: integer(0, MAX_TOTAL, 'For a lost dispute: borne by the platform'),
    },
    'A dispute closed; the payout hold it placed is lifted',
  ),
};

const byId = (key: string) => (payload: Record<string, unknown>) => String(payload[key]);

const claimEvent = (name: string, description: string): PublishedEvent => ({
  type: `payment.${name}`,
  version: 1,
  schemaName: `${name}EventV1`,
  payloadSchema: 'ClaimEventPayloadV1',
  description,
  resource: (p) => `rental:${byId('rentalId')(p)}`,
});

export const MONEY_EVENTS: readonly PublishedEvent[] = [
  claimEvent('ClaimFiled', 'An owner filed a damage claim against the deposit; deposit and payout wait'),
  claimEvent('ClaimAccepted', 'The renter accepted the claim: its amount is taken from the deposit'),
  claimEvent('ClaimDisputed', 'The renter disputed the claim: an admin will decide'),
  claimEvent('ClaimResolved', 'An admin settled a disputed claim: `awarded` is taken from the deposit'),
  claimEvent('ClaimWithdrawn', 'The owner withdrew the claim'),
  {
    type: 'payment.PayoutSent',
    version: 1,
    schemaName: 'PayoutSentEventV1',
    payloadSchema: 'PayoutSentPayloadV1',
    description: "An owner's share was transferred to their payout account",
    resource: (p) => `rental:${byId('rentalId')(p)}`,
  },
  {
    type: 'payment.DisputeOpened',
    version: 1,
    schemaName: 'DisputeOpenedEventV1',
    payloadSchema: 'DisputeOpenedPayloadV1',
    description: "A renter's bank disputed a payment (an inquiry or a chargeback)",
    resource: (p) => `payment_intent:${byId('intentId')(p)}`,
  },
  {
    type: 'payment.DisputeClosed',
    version: 1,
    schemaName: 'DisputeClosedEventV1',
    payloadSchema: 'DisputeClosedPayloadV1',
    description: 'A dispute was won, lost or withdrawn',
    resource: (p) => `payment_intent:${byId('intentId')(p)}`,
  },
];
