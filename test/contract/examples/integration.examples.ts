import { randomUUID } from 'node:crypto';
import { defineEvent } from '../../../src/platform/events/integration-event';
import { Outbox } from '../../../src/platform/events/outbox';
import type { SignedUpUser } from '../../support/identity.factory';
import { createIntegrator, type Scope } from '../../support/integration.factory';
import type { ExampleFixtures, ExampleWorld, PreparedExample } from './example-fixture';

/** A fresh API client (made by the examples' admin) and its key as the caller's credentials. */
async function integrator(
  world: ExampleWorld,
  scopes: Scope[] = ['listings:read', 'rentals:read', 'events:read'],
) {
  const made = await createIntegrator(world.t, scopes);
  return { ...made, prepared: { auth: made.auth } satisfies PreparedExample };
}

/** A fresh integrator's endpoint, owed one event (its delivery pending: the worker is off here). */
async function withDelivery(world: ExampleWorld) {
  const client = await integrator(world, ['events:read']);
  const endpoint = await world.t.http
    .post('/api/v1/integrations/webhooks')
    .set(client.auth)
    .send({ url: `https://hooks.example.com/${randomUUID()}`, eventTypes: ['*'] });
  const event = defineEvent('review.UserRatingChanged').create({
    userId: randomUUID(),
    average: 4,
    count: 1,
  });
  await world.t.db.transaction((m) => world.t.app.get(Outbox).publish(m, 'review', event));
  await world.deliver();
  const [delivery] = await world.t.db.query(
    'SELECT id FROM integration.webhook_deliveries WHERE endpoint_id = $1',
    [endpoint.body.endpoint.id],
  );
  return { client, endpointId: endpoint.body.endpoint.id as string, deliveryId: delivery.id as string };
}

const asAdmin = async (world: ExampleWorld, ids: Record<string, string> = {}): Promise<PreparedExample> => ({
  auth: ((await world.admin()) as SignedUpUser).auth,
  ids,
});

export const integrationExamples: ExampleFixtures = {
  admin_createApiClient: (world) => asAdmin(world),
  admin_listApiClients: async (world) => {
    await integrator(world);
    return asAdmin(world);
  },
  admin_getApiClient: async (world) => asAdmin(world, { clientId: (await integrator(world)).clientId }),
  admin_rotateApiKey: async (world) => asAdmin(world, { clientId: (await integrator(world)).clientId }),
  admin_revokeApiKey: async (world) => {
    const client = await integrator(world);
    return asAdmin(world, { clientId: client.clientId, keyId: client.keyId });
  },
  admin_revokeApiClient: async (world) => asAdmin(world, { clientId: (await integrator(world)).clientId }),
  admin_listClientWebhooks: async (world) =>
    asAdmin(world, { clientId: (await withDelivery(world)).client.clientId }),
  admin_listWebhookDeliveries: async (world) =>
    asAdmin(world, { endpointId: (await withDelivery(world)).endpointId }),
  integration_listRentals: async (world) => (await integrator(world, ['rentals:read'])).prepared,
  integration_listEvents: async (world) => {
    await world.deliver();
    return (await integrator(world, ['events:read'])).prepared;
  },
  integration_createWebhook: async (world) => (await integrator(world, ['events:read'])).prepared,
  integration_listWebhooks: async (world) => (await withDelivery(world)).client.prepared,
  integration_getWebhook: async (world) => {
    const { client, endpointId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId } };
  },
  integration_updateWebhook: async (world) => {
    const { client, endpointId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId } };
  },
  integration_deleteWebhook: async (world) => {
    const { client, endpointId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId } };
  },
  integration_rotateWebhookSecret: async (world) => {
    const { client, endpointId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId } };
  },
  integration_listWebhookDeliveries: async (world) => {
    const { client, endpointId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId } };
  },
  integration_getWebhookDelivery: async (world) => {
    const { client, endpointId, deliveryId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId, deliveryId } };
  },
  integration_redeliverWebhook: async (world) => {
    const { client, endpointId, deliveryId } = await withDelivery(world);
    return { ...client.prepared, ids: { endpointId, deliveryId } };
  },
};
