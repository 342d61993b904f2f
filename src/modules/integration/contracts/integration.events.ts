import { defineEvent } from '../../../platform/events/integration-event';

/**
 * A webhook endpoint failed every attempt for the whole retry window and was disabled: nothing
 * more is sent to it until its owner enables it again (PATCH /integrations/webhooks/{id}), and the
 * deliveries it still owed are given up (the events stay in the feed). Told so that whoever looks
 * after integrators (notification, an operator's tooling) can reach the client's people.
 */
export const WebhookEndpointDisabled = defineEvent<{
  endpointId: string;
  clientId: string;
  url: string;
  failingSince: string;
  disabledAt: string;
}>('integration.WebhookEndpointDisabled');
