import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { SanctionPage, SanctionView } from '../application/sanctions.service';
import { SanctionsService } from '../application/sanctions.service';
import {
  ImposeSanctionDto,
  LiftSanctionDto,
  SanctionDto,
  SanctionPageDto,
  SanctionsQueryDto,
} from './dto/sanction.dto';

export const WHAT_A_SUSPENSION_DOES =
  'A suspension or a ban ends every session of the user at once (access tokens already issued expire ' +
  'within 15 minutes) and refuses their sign-ins (403 IDENTITY.ACCOUNT_SUSPENDED naming `until`, null ' +
  'for a ban); their listings leave search and detail for everyone else; they cannot request a rental, ' +
  'open a conversation or post a message (403 RENTAL.ACCOUNT_RESTRICTED, MESSAGING.ACCOUNT_RESTRICTED), ' +
  'nor can anyone request a rental of their listings. Rentals already accepted run to their end; rental ' +
  'requests to them still pending expire unanswered as usual (they can no longer sign in to answer). ' +
  'Their restriction as a whole lasts until the latest end of their suspensions, or while a ban stands.';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin')
export class AdminSanctionsController {
  constructor(private readonly sanctions: SanctionsService) {}

  @Post('users/:userId/sanctions')
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_imposeSanction',
    summary: 'Warn, suspend or ban a user (admins)',
    description:
      `${WHAT_A_SUSPENSION_DOES} A warning restricts nothing: the user reads it, with its reason, in ` +
      'GET /trust/sanctions. A suspension needs `until` (in the future, at most 365 days on); a warning ' +
      'or a ban takes none (422 TRUST.INVALID_SANCTION_TERM). An admin cannot sanction themselves (422 ' +
      'TRUST.CANNOT_SANCTION_SELF); an unknown or erased user is a 404. An admin can be warned but not ' +
      'suspended or banned while they hold the role (409 TRUST.SANCTION_TARGET_IS_ADMIN: revoke it first, ' +
      'where the last admin is protected), so no admin can lock the others out. Recorded in the audit log ' +
      '(trust.user_warned, trust.user_suspended, trust.user_banned).',
  })
  @ApiCreatedResponse({ type: SanctionDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  impose(
    @CurrentUser() moderator: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: ImposeSanctionDto,
  ): Promise<SanctionView> {
    return this.sanctions.impose(moderator, userId, {
      kind: body.kind,
      reason: body.reason,
      until: body.until === undefined ? null : new Date(body.until),
    });
  }

  @Get('users/:userId/sanctions')
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listUserSanctions',
    summary: "A user's sanctions, newest first (admins)",
    description:
      'Every warning, suspension and ban the user received, lifted and ended ones included; `standing` ' +
      'says which restrict them now. Keyset pagination on (created, id): pass nextCursor as `cursor` ' +
      'for older ones. An unknown or erased user is a 404.',
  })
  @ApiOkResponse({ type: SanctionPageDto })
  @ApiProblems(401, 403, 404, 422)
  history(
    @Param('userId', UuidParamPipe) userId: string,
    @Query() query: SanctionsQueryDto,
  ): Promise<SanctionPage<SanctionView>> {
    return this.sanctions.history(userId, query.cursor, query.limit);
  }

  @Post('sanctions/:sanctionId/lift')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'admin_liftSanction',
    summary: 'Lift a suspension or a ban (admins)',
    description:
      'Ends a standing suspension or ban now. When nothing else restricts the user they are reinstated at ' +
      'once: sign-ins, listings, rentals and messages come back (their ended sessions do not). When ' +
      'another suspension or a ban still stands, that one goes on. A warning cannot be lifted, nor a ' +
      'suspension that ended or a sanction already lifted (409 TRUST.SANCTION_NOT_STANDING); an admin ' +
      'cannot lift their own (422 TRUST.CANNOT_SANCTION_SELF). Recorded in the audit log ' +
      '(trust.sanction_lifted).',
  })
  @ApiOkResponse({ type: SanctionDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  lift(
    @CurrentUser() moderator: AuthUser,
    @Param('sanctionId', UuidParamPipe) sanctionId: string,
    @Body() body: LiftSanctionDto,
  ): Promise<SanctionView> {
    return this.sanctions.lift(moderator, sanctionId, body.note ?? null);
  }
}
