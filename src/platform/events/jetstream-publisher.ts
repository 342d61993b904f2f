import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { headers } from 'nats';
import type { IntegrationEvent } from './integration-event';
import { BrokerUnavailableError, JetStreamConnection, messageOf } from './jetstream-connection';

export { BrokerUnavailableError } from './jetstream-connection';

const PUBLISH_TIMEOUT_MS = 2000;
const TOKEN = /[^A-Za-z0-9_-]/g;

/** `onesociety.rental.RentalAccepted.v1`: prefix, publishing context, event name, version. */
export function subjectOf(
  prefix: string,
  context: string,
  event: Pick<IntegrationEvent, 'type' | 'version'>,
) {
  const name = event.type.slice(event.type.lastIndexOf('.') + 1).replace(TOKEN, '_');
  return `${prefix}.${context.replace(TOKEN, '_')}.${name}.v${event.version}`;
}

/**
 * Publishes integration events to NATS JetStream when NATS_URL is set, so a context running in
 * another service can subscribe. The message id is the event id: JetStream drops a republished
 * event within its duplicate window, and consumers dedupe on the id (the `Nats-Msg-Id` header)
 * beyond it. Unset NATS_URL, this does nothing.
 */
@Injectable()
export class JetStreamPublisher implements OnApplicationBootstrap {
  constructor(private readonly connection: JetStreamConnection) {}

  get enabled(): boolean {
    return this.connection.enabled;
  }

  onApplicationBootstrap(): void {
    // Connect early so a misconfiguration shows in the logs at start, not at the first event.
    if (this.enabled) this.connection.get().catch(() => undefined);
  }

  async publish(context: string, event: IntegrationEvent): Promise<void> {
    if (!this.enabled) return;
    const { js } = await this.connection.get();
    const h = headers();
    h.set('Event-Type', event.type);
    h.set('Event-Version', String(event.version));
    h.set('Event-Occurred-At', event.occurredAt);
    try {
      await js.publish(
        subjectOf(this.connection.prefix, context, event),
        new TextEncoder().encode(JSON.stringify(event)),
        { msgID: event.id, headers: h, timeout: PUBLISH_TIMEOUT_MS },
      );
    } catch (error) {
      throw new BrokerUnavailableError(`JetStream publish failed: ${messageOf(error)}`);
    }
  }
}
