import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Integrator } from '../../../platform/auth/api-key';
import { ApiKeyOnly, CurrentIntegrator } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { DeliveryDetail, DeliveryPage, DeliveryView } from '../application/webhook-deliveries.service';
import { WebhookDeliveriesService } from '../application/webhook-deliveries.service';
import type { EndpointWithSecret, WebhookEndpointView } from '../application/webhook-endpoints.service';
import { WebhookEndpointsService } from '../application/webhook-endpoints.service';
import {
  CreateWebhookDto,
  DeliveriesQueryDto,
  RotateWebhookSecretDto,
  UpdateWebhookDto,
  WebhookDeliveryDetailDto,
  WebhookDeliveryDto,
  WebhookDeliveryPageDto,
  WebhookEndpointDto,
  WebhookEndpointListDto,
  WebhookEndpointSecretDto,
} from './dto/webhook.dto';

export const HOW_DELIVERIES_WORK =
  'Each event is POSTed as JSON (IntegrationEvent: `id`, `type`, `version`, `occurredAt`, `payload`) with ' +
  '`OneSociety-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed with the secret>` ' +
  '(two v1 while a rotated secret is in its grace), `OneSociety-Event-Id`, `OneSociety-Event-Type`, ' +
  '`OneSociety-Delivery-Id` and `OneSociety-Delivery-Attempt`. Answer 2xx within 10 s; anything else (a 3xx ' +
  'too: redirects are not followed, a timeout, a refused address) is retried with exponential backoff and ' +
  'jitter for up to 3 days. Delivery is at least once: deduplicate on the event id. Events of one resource ' +
  '(a rental, a listing) reach an endpoint in feed order: a later one waits while an earlier one is retried. ' +
  'An endpoint that failed every attempt for 3 days is disabled (status disabled, disabledReason failing) ' +
  'and what it still owed is given up; PATCH enabled: true resumes it for new events, and the feed ' +
  '(GET /events) has what it missed.';

@ApiTags('integration')
@ApiKeyOnly('events:read')
@Controller('integrations/webhooks')
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'integration_createWebhook',
    summary: 'Register a webhook endpoint (API key with events:read)',
    description:
      `${HOW_DELIVERIES_WORK} The signing secret (\`whsec_...\`) is in this answer only. A client has at most ` +
      '10 endpoints (409 INTEGRATION.WEBHOOK_LIMIT_REACHED) and one per URL (409 INTEGRATION.WEBHOOK_URL_TAKEN ' +
      'naming it); a refused URL is a 422 (INTEGRATION.WEBHOOK_URL_REFUSED), an unknown event type too ' +
      '(INTEGRATION.UNKNOWN_EVENT_TYPE). Events committed from now on are delivered.',
  })
  @ApiCreatedResponse({ type: WebhookEndpointSecretDto })
  @ApiProblems(400, 401, 403, 409, 422, 429)
  create(
    @CurrentIntegrator() integrator: Integrator,
    @Body() body: CreateWebhookDto,
  ): Promise<EndpointWithSecret> {
    return this.endpoints.create(integrator.clientId, {
      url: body.url,
      eventTypes: body.eventTypes,
      description: body.description ?? null,
    });
  }

  @Get()
  @ApiOperation({
    operationId: 'integration_listWebhooks',
    summary: 'The client’s webhook endpoints (API key with events:read)',
    description: 'Never the secrets. At most 10, oldest first.',
  })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  @ApiProblems(401, 403, 429)
  async list(@CurrentIntegrator() integrator: Integrator): Promise<{ items: WebhookEndpointView[] }> {
    return { items: await this.endpoints.list(integrator.clientId) };
  }

  @Get(':endpointId')
  @ApiOperation({
    operationId: 'integration_getWebhook',
    summary: 'A webhook endpoint (API key with events:read)',
    description: 'Another client’s endpoint is a 404.',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(401, 403, 404, 422, 429)
  get(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
  ): Promise<WebhookEndpointView> {
    return this.endpoints.get(integrator.clientId, endpointId);
  }

  @Patch(':endpointId')
  @ApiOperation({
    operationId: 'integration_updateWebhook',
    summary: 'Change, pause or resume a webhook endpoint (API key with events:read)',
    description:
      'Any of url, eventTypes, description (null clears it) and enabled. enabled: false pauses deliveries ' +
      '(they wait); true resumes them, also after the endpoint was disabled for failing. Another client’s ' +
      'endpoint is a 404.',
  })
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 429)
  update(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookEndpointView> {
    return this.endpoints.update(integrator.clientId, endpointId, body);
  }

  @Delete(':endpointId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'integration_deleteWebhook',
    summary: 'Remove a webhook endpoint and its delivery log (API key with events:read)',
    description: 'Nothing more is sent to it. Another client’s endpoint is a 404.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(401, 403, 404, 422, 429)
  async remove(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
  ): Promise<void> {
    await this.endpoints.remove(integrator.clientId, endpointId);
  }

  @Post(':endpointId/secret')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'integration_rotateWebhookSecret',
    summary: 'Rotate the signing secret (API key with events:read)',
    description:
      'A new secret, in this answer only. For `graceHours` (24 by default) deliveries carry two `v1` ' +
      'signatures, the new secret’s first, so receivers can switch without failing a delivery; 0 drops the ' +
      'old secret at once. Another client’s endpoint is a 404.',
  })
  @ApiOkResponse({ type: WebhookEndpointSecretDto })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  rotateSecret(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Body() body: RotateWebhookSecretDto,
  ): Promise<EndpointWithSecret> {
    return this.endpoints.rotateSecret(integrator.clientId, endpointId, body.graceHours);
  }

  @Get(':endpointId/deliveries')
  @ApiOperation({
    operationId: 'integration_listWebhookDeliveries',
    summary: 'The endpoint’s delivery log, newest first (API key with events:read)',
    description:
      'Every delivery with its state, attempts, last answer and next attempt, filtered by `status`; kept ' +
      'as long as its event is in the feed. Keyset pagination: pass nextCursor as `cursor`.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(401, 403, 404, 422, 429)
  deliveriesOf(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveryPage> {
    return this.deliveries.list(integrator.clientId, endpointId, query);
  }

  @Get(':endpointId/deliveries/:deliveryId')
  @ApiOperation({
    operationId: 'integration_getWebhookDelivery',
    summary: 'A delivery with its attempts (API key with events:read)',
    description:
      'Each attempt: when, how long, the status answered (or why none came) and the start of the answer.',
  })
  @ApiOkResponse({ type: WebhookDeliveryDetailDto })
  @ApiProblems(401, 403, 404, 422, 429)
  delivery(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
  ): Promise<DeliveryDetail> {
    return this.deliveries.get(integrator.clientId, endpointId, deliveryId);
  }

  @Post(':endpointId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'integration_redeliverWebhook',
    summary: 'Send a delivery’s event again (API key with events:read)',
    description:
      'A new delivery of the same event (same event id, so receivers that had it deduplicate), due now with ' +
      'a fresh retry window, whatever became of the first; the worker sends it shortly, never this request. ' +
      'Another client’s endpoint or delivery is a 404.',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiProblems(401, 403, 404, 422, 429)
  redeliver(
    @CurrentIntegrator() integrator: Integrator,
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Param('deliveryId', UuidParamPipe) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.deliveries.redeliver(integrator.clientId, endpointId, deliveryId);
  }
}
