import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { ApiClientPage, ApiClientView, IssuedKeyView } from '../application/api-clients.service';
import { ApiClientsService } from '../application/api-clients.service';
import {
  ApiClientDto,
  ApiClientPageDto,
  ApiClientSecretDto,
  CreateApiClientDto,
  RotateApiKeyDto,
  SCOPES_DESCRIPTION,
} from './dto/api-client.dto';
import { KeysetQueryDto } from './dto/page-query.dto';

const SHOWN_ONCE =
  'The key (`key.secret`, `osk_live_...`) is in this answer only: the database keeps its SHA-256, so a ' +
  'lost key cannot be shown again, only replaced by a rotation.';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/integrations/clients')
export class AdminApiClientsController {
  constructor(private readonly clients: ApiClientsService) {}

  @Post()
  @ApiOperation({
    operationId: 'admin_createApiClient',
    summary: 'Let a third party in: an API client and its first key (admins)',
    description:
      `${SHOWN_ONCE} Scopes: ${SCOPES_DESCRIPTION}. Recorded in the audit log ` +
      '(integration.api_client_created).',
  })
  @ApiCreatedResponse({ type: ApiClientSecretDto })
  @ApiProblems(400, 401, 403, 422)
  create(@CurrentUser() admin: AuthUser, @Body() body: CreateApiClientDto): Promise<IssuedKeyView> {
    return this.clients.create(admin, {
      name: body.name,
      scopes: body.scopes,
      rateLimitPerMinute: body.rateLimitPerMinute ?? null,
    });
  }

  @Get()
  @ApiOperation({
    operationId: 'admin_listApiClients',
    summary: 'API clients, newest first (admins)',
    description: 'Revoked ones included. Keyset pagination: pass nextCursor as `cursor` for older ones.',
  })
  @ApiOkResponse({ type: ApiClientPageDto })
  @ApiProblems(401, 403, 422)
  list(@Query() query: KeysetQueryDto): Promise<ApiClientPage> {
    return this.clients.list(query.cursor, query.limit);
  }

  @Get(':clientId')
  @ApiOperation({
    operationId: 'admin_getApiClient',
    summary: 'An API client with its keys (admins)',
    description: 'Each key with its status and when it was last used (to the minute); never the key itself.',
  })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems(401, 403, 404, 422)
  get(@Param('clientId', UuidParamPipe) clientId: string): Promise<ApiClientView> {
    return this.clients.get(clientId);
  }

  @Post(':clientId/keys')
  @ApiOperation({
    operationId: 'admin_rotateApiKey',
    summary: 'Rotate: a new key for the client (admins)',
    description:
      `${SHOWN_ONCE} The keys in force keep working for \`graceHours\` (default 24; 0 stops them now), ` +
      'so the integrator can deploy the new key without an outage; they show as `expiring` meanwhile. A ' +
      'revoked client takes no new key (409 INTEGRATION.CLIENT_REVOKED). Recorded in the audit log ' +
      '(integration.api_key_rotated).',
  })
  @ApiCreatedResponse({ type: ApiClientSecretDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  rotate(
    @CurrentUser() admin: AuthUser,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Body() body: RotateApiKeyDto,
  ): Promise<IssuedKeyView> {
    return this.clients.rotate(admin, clientId, body.graceHours);
  }

  @Post(':clientId/keys/:keyId/revoke')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'admin_revokeApiKey',
    summary: 'Revoke one key now (admins)',
    description:
      'The key is refused from the next request on (401); the client and its other keys go on (ends a ' +
      'rotation’s grace early, or a leaked key). Idempotent. Recorded in the audit log (integration.api_key_revoked).',
  })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems(401, 403, 404, 422)
  revokeKey(
    @CurrentUser() admin: AuthUser,
    @Param('clientId', UuidParamPipe) clientId: string,
    @Param('keyId', UuidParamPipe) keyId: string,
  ): Promise<ApiClientView> {
    return this.clients.revokeKey(admin, clientId, keyId);
  }

  @Post(':clientId/revoke')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'admin_revokeApiClient',
    summary: 'Revoke a client: every key stops, no webhook is delivered (admins)',
    description:
      'Every key of the client is refused from the next request on (401) and its webhook endpoints get ' +
      'nothing more (deliveries waiting are not attempted). Final and idempotent. Recorded in the audit ' +
      'log (integration.api_client_revoked).',
  })
  @ApiOkResponse({ type: ApiClientDto })
  @ApiProblems(401, 403, 404, 422)
  revoke(
    @CurrentUser() admin: AuthUser,
    @Param('clientId', UuidParamPipe) clientId: string,
  ): Promise<ApiClientView> {
    return this.clients.revoke(admin, clientId);
  }
}
