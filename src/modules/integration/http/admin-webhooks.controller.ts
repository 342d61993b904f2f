import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { DeliveryPage } from '../application/webhook-deliveries.service';
import { WebhookDeliveriesService } from '../application/webhook-deliveries.service';
import type { WebhookEndpointView } from '../application/webhook-endpoints.service';
import { WebhookEndpointsService } from '../application/webhook-endpoints.service';
import { DeliveriesQueryDto, WebhookDeliveryPageDto, WebhookEndpointListDto } from './dto/webhook.dto';

/** What support staff see of an integrator's webhooks: read-only (the integrator owns them). */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/integrations')
export class AdminWebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Get('clients/:clientId/webhooks')
  @ApiOperation({
    operationId: 'admin_listClientWebhooks',
    summary: 'An API client’s webhook endpoints (admins)',
    description: 'With their state: enabled, paused by the client, or disabled for failing (and since when).',
  })
  @ApiOkResponse({ type: WebhookEndpointListDto })
  @ApiProblems(401, 403, 404, 422)
  async list(@Param('clientId', UuidParamPipe) clientId: string): Promise<{ items: WebhookEndpointView[] }> {
    return { items: await this.endpoints.listForAdmin(clientId) };
  }

  @Get('webhooks/:endpointId/deliveries')
  @ApiOperation({
    operationId: 'admin_listWebhookDeliveries',
    summary: 'A webhook endpoint’s delivery log (admins)',
    description:
      'As its client sees it, newest first, filtered by `status`; keyset pagination with `cursor`.',
  })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiProblems(401, 403, 404, 422)
  deliveriesOf(
    @Param('endpointId', UuidParamPipe) endpointId: string,
    @Query() query: DeliveriesQueryDto,
  ): Promise<DeliveryPage> {
    return this.deliveries.list(null, endpointId, query);
  }
}
