import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { OwnSanctionView, SanctionPage } from '../application/sanctions.service';
import { SanctionsService } from '../application/sanctions.service';
import { OwnSanctionPageDto, SanctionsQueryDto } from './dto/sanction.dto';

@ApiTags('trust')
@ApiBearerAuth()
@Controller('trust/sanctions')
export class SanctionsController {
  constructor(private readonly sanctions: SanctionsService) {}

  @Get()
  @ApiOperation({
    operationId: 'trust_listOwnSanctions',
    summary: 'The warnings, suspensions and bans the caller received, newest first',
    description:
      'How a person learns they were warned, and why. Lifted and ended sanctions stay listed; ' +
      '`standing` says which restrict the caller now. Only the caller’s own; who imposed them is not ' +
      'shown. Keyset pagination on (created, id): pass nextCursor as `cursor` for older ones.',
  })
  @ApiOkResponse({ type: OwnSanctionPageDto })
  @ApiProblems(401, 422)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: SanctionsQueryDto,
  ): Promise<SanctionPage<OwnSanctionView>> {
    return this.sanctions.own(user.id, query.cursor, query.limit);
  }
}
