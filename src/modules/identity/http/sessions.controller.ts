import { Controller, Delete, Get, HttpCode, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { SessionsService } from '../application/sessions.service';
import { DeviceSessionListDto } from './dto/session.response';

const REVOCATION_REACH =
  'Revocation ends refresh at once; access tokens already issued to the session stay valid until ' +
  'they expire (ACCESS_TOKEN_TTL_SECONDS, 15 minutes) at most.';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('account/sessions')
export class SessionsController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({
    operationId: 'account_listSessions',
    summary: 'Where you are signed in',
    description:
      'Live sessions (each sign-in and the refreshes that followed it), the 100 most recently used first. ' +
      "`current` marks the one making this request. The client shown is the latest refresh's: its " +
      'User-Agent and network (IPv4 /24, IPv6 /48).',
  })
  @ApiOkResponse({ type: DeviceSessionListDto })
  @ApiProblems(401)
  async list(@CurrentUser() user: AuthUser): Promise<DeviceSessionListDto> {
    return { items: await this.sessions.list(user.id, user.sessionId) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'account_revokeSession',
    summary: 'Sign one session out',
    description: `Any of your live sessions, this one included. ${REVOCATION_REACH} Someone else's session, or one already ended, is a 404.`,
  })
  @ApiNoContentResponse({ description: 'The session can no longer refresh' })
  @ApiProblems(401, 404)
  async revoke(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.sessions.revoke(user.id, id);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'account_revokeOtherSessions',
    summary: 'Sign out everywhere else',
    description: `Ends every session but the one making this request. ${REVOCATION_REACH}`,
  })
  @ApiNoContentResponse({ description: 'Only this session remains' })
  @ApiProblems(401)
  async revokeOthers(@CurrentUser() user: AuthUser): Promise<void> {
    await this.sessions.revokeOthers(user.id, user.sessionId);
  }
}
