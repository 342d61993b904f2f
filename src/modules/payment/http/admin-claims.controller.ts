import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ClaimList } from '../application/claim-list';
import type { ClaimDetailView } from '../application/claim-views';
import { ClaimsService } from '../application/claims.service';
import { AdminClaimsQueryDto, ClaimDetailDto, ClaimPageDto, ResolveClaimDto } from './dto/claim.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/claims')
export class AdminClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly list: ClaimList,
  ) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listClaims',
    summary: 'Damage claims on deposits (admins)',
    description:
      'Oldest filed first, optionally of one `status` (`disputed`: waiting for an admin). Keyset pagination on ' +
      '(filedAt, id): pass nextCursor as `cursor` with the same filter.',
  })
  @ApiOkResponse({ type: ClaimPageDto })
  @ApiProblems(401, 403, 422)
  listClaims(@Query() query: AdminClaimsQueryDto): Promise<ClaimPageDto> {
    return this.list.list(query);
  }

  @Post(':claimId/resolution')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_resolveClaim',
    summary: 'Settle a disputed damage claim (admins)',
    description:
      '`amount` (0..the claimed amount) is captured from the deposit for the owner, the rest released to the renter; ' +
      '0 releases it all. Only a `disputed` claim (else 409 `PAYMENT.CLAIM_NOT_DISPUTED`; two admins at once: one ' +
      'wins); more than claimed is a 422; an admin who is a party to the rental cannot decide (422 ' +
      '`PAYMENT.CLAIM_CANNOT_RESOLVE_OWN`). Recorded in the audit log (payment.claim_resolved) and the claim history.',
  })
  @ApiOkResponse({ type: ClaimDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  resolve(
    @CurrentUser() admin: AuthUser,
    @Param('claimId', UuidParamPipe) claimId: string,
    @Body() body: ResolveClaimDto,
  ): Promise<ClaimDetailView> {
    return this.claims.resolve(admin, claimId, body.amount, body.note);
  }
}
