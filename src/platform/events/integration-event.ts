import { randomUUID } from 'node:crypto';

/**
 * A fact one context tells the others, past tense, versioned, with a plain JSON payload.
 * It crosses process boundaries unchanged when a context moves out.
 */
export interface IntegrationEvent<P = unknown> {
  id: string;
  type: string;
  version: number;
  occurredAt: string;
  payload: P;
}

export interface EventDefinition<P> {
  readonly type: string;
  readonly version: number;
  create(payload: P, occurredAt?: Date): IntegrationEvent<P>;
  /** Narrows an event read from the outbox to this definition's payload. */
  is(event: IntegrationEvent): event is IntegrationEvent<P>;
}

/** `defineEvent<ProductListedPayload>('catalog.ProductListed')` in the publisher's contracts/. */
export function defineEvent<P>(type: string, version = 1): EventDefinition<P> {
  return {
    type,
    version,
    create: (payload, occurredAt = new Date()) => ({
      id: randomUUID(),
      type,
      version,
      occurredAt: occurredAt.toISOString(),
      payload,
    }),
    is: (event): event is IntegrationEvent<P> => event.type === type && event.version === version,
  };
}
