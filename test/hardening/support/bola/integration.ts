import { randomUUID } from 'node:crypto';
import { defineEvent } from '../../../../src/platform/events/integration-event';
import { Outbox } from '../../../../src/platform/events/outbox';
import type { BolaCase, BolaRegistry, Fixtures, SignedUpUser } from './types';

/** An integrator's endpoint (public https URL: nothing is sent, the worker is off here). */
async function endpointOf(f: Fixtures, owner?: SignedUpUser) {
  const integrator = owner ?? (await f.integrator(['events:read']));
  const endpoint = await f.post<{ endpoint: { id: string } }>(integrator, '/api/v1/integrations/webhooks', {
    url: `https://hooks.example.com/${randomUUID()}`,
    eventTypes: ['review.UserRatingChanged'],
  });
  return { integrator, endpointId: endpoint.endpoint.id };
}

/** An endpoint owed one event: the delivery's id. */
async function delivered(f: Fixtures) {
  const { integrator, endpointId } = await endpointOf(f);
  const event = defineEvent('review.UserRatingChanged').create({
    userId: randomUUID(),
    average: 5,
    count: 1,
  });
  await f.t.db.transaction((m) => f.t.app.get(Outbox).publish(m, 'review', event));
  await f.drain();
  const [row] = await f.t.db.query('SELECT id FROM integration.webhook_deliveries WHERE endpoint_id = $1', [
    endpointId,
  ]);
  return { integrator, endpointId, deliveryId: row.id as string };
}

/** Another integrator with the same scope: the intruder of the integrators' cases. */
const otherIntegrator = (f: Fixtures) => f.integrator(['events:read']);

const integratorCase = async (
  f: Fixtures,
  made: { integrator: SignedUpUser; params: Record<string, string>; body?: unknown },
): Promise<BolaCase> => ({
  owner: made.integrator,
  intruder: await otherIntegrator(f),
  params: made.params,
  body: made.body,
});

/**
 * Integrators' webhooks: each client's own (another integrator's key gets 404, as anyone's without
 * a key gets 401). API clients and the admin views of webhooks: admins only.
 */
export const INTEGRATION: BolaRegistry = {
  'GET /api/v1/integrations/webhooks/{endpointId}': [
    {
      name: "an integrator's webhook endpoint",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId } = await endpointOf(f);
        return integratorCase(f, { integrator, params: { endpointId } });
      },
    },
  ],
  'PATCH /api/v1/integrations/webhooks/{endpointId}': [
    {
      name: "pausing another integrator's webhook endpoint",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId } = await endpointOf(f);
        return integratorCase(f, { integrator, params: { endpointId }, body: { enabled: false } });
      },
    },
  ],
  'DELETE /api/v1/integrations/webhooks/{endpointId}': [
    {
      name: "removing another integrator's webhook endpoint",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId } = await endpointOf(f);
        return integratorCase(f, { integrator, params: { endpointId } });
      },
    },
  ],
  'POST /api/v1/integrations/webhooks/{endpointId}/secret': [
    {
      name: "rotating another integrator's signing secret",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId } = await endpointOf(f);
        return integratorCase(f, { integrator, params: { endpointId }, body: { graceHours: 1 } });
      },
    },
  ],
  'GET /api/v1/integrations/webhooks/{endpointId}/deliveries': [
    {
      name: "another integrator's delivery log",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId } = await delivered(f);
        return integratorCase(f, { integrator, params: { endpointId } });
      },
    },
  ],
  'GET /api/v1/integrations/webhooks/{endpointId}/deliveries/{deliveryId}': [
    {
      name: "another integrator's delivery",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId, deliveryId } = await delivered(f);
        return integratorCase(f, { integrator, params: { endpointId, deliveryId } });
      },
    },
    {
      name: "another integrator's delivery through the intruder's own endpoint",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId, deliveryId } = await delivered(f);
        const intruder = await otherIntegrator(f);
        const own = await endpointOf(f, intruder);
        return {
          owner: integrator,
          intruder,
          params: { endpointId, deliveryId },
          intruderParams: async () => ({ endpointId: own.endpointId, deliveryId }),
        };
      },
    },
  ],
  'POST /api/v1/integrations/webhooks/{endpointId}/deliveries/{deliveryId}/redeliver': [
    {
      name: "redelivering another integrator's event",
      exposure: 'private',
      setup: async (f) => {
        const { integrator, endpointId, deliveryId } = await delivered(f);
        return integratorCase(f, { integrator, params: { endpointId, deliveryId } });
      },
    },
  ],
  'GET /api/v1/admin/integrations/clients/{clientId}': [
    {
      name: 'an API client with its keys',
      exposure: 'admin',
      setup: async (f) => ({ owner: await f.admin(), params: { clientId: (await f.integrator()).id } }),
    },
  ],
  'POST /api/v1/admin/integrations/clients/{clientId}/keys': [
    {
      name: "rotating an API client's key",
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { clientId: (await f.integrator()).id },
        body: {},
      }),
    },
  ],
  'POST /api/v1/admin/integrations/clients/{clientId}/keys/{keyId}/revoke': [
    {
      name: "revoking an API client's key",
      exposure: 'admin',
      setup: async (f) => {
        const integrator = await f.integrator();
        const [key] = await f.t.db.query('SELECT id FROM integration.api_keys WHERE client_id = $1', [
          integrator.id,
        ]);
        return { owner: await f.admin(), params: { clientId: integrator.id, keyId: key.id } };
      },
    },
  ],
  'POST /api/v1/admin/integrations/clients/{clientId}/revoke': [
    {
      name: 'revoking an API client',
      exposure: 'admin',
      setup: async (f) => ({ owner: await f.admin(), params: { clientId: (await f.integrator()).id } }),
    },
  ],
  'GET /api/v1/admin/integrations/clients/{clientId}/webhooks': [
    {
      name: "an API client's webhook endpoints",
      exposure: 'admin',
      setup: async (f) => {
        const { integrator } = await endpointOf(f);
        return { owner: await f.admin(), params: { clientId: integrator.id } };
      },
    },
  ],
  'GET /api/v1/admin/integrations/webhooks/{endpointId}/deliveries': [
    {
      name: "a webhook endpoint's delivery log",
      exposure: 'admin',
      setup: async (f) => ({
        owner: await f.admin(),
        params: { endpointId: (await delivered(f)).endpointId },
      }),
    },
  ],
};
