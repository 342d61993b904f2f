import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { PayoutQueries } from '../application/payout-queries.service';
import { PayoutPageDto, PayoutsQueryDto, RentalBreakdownDto } from './dto/payout.dto';

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment')
export class PayoutsController {
  constructor(private readonly queries: PayoutQueries) {}

  @Get('payouts')
  @ApiOperation({
    operationId: 'payment_listPayouts',
    summary: "The caller's payouts as an owner, newest first",
    description:
      "One per completed rental: the owner's share (the subtotal; the platform keeps its fee), transferred to " +
      'their payout account PAYOUT_DELAY_HOURS after completion, never while a claim or dispute on the rental ' +
      'is open. Keyset pagination on (createdAt, id): pass nextCursor as `cursor` for older ones.',
  })
  @ApiOkResponse({ type: PayoutPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: PayoutsQueryDto): Promise<PayoutPageDto> {
    return this.queries.list(user.id, query.cursor, query.limit);
  }

  @Get('rentals/:rentalId/breakdown')
  @ApiOperation({
    operationId: 'payment_getRentalBreakdown',
    summary: "A rental's money: subtotal, fee, what the owner receives and the payout's status",
    description:
      "For the rental's renter and owner only (404 for anyone else, and before the rental has a payment). The " +
      "payout part is the owner's alone.",
  })
  @ApiOkResponse({ type: RentalBreakdownDto })
  @ApiProblems(401, 404, 422)
  breakdown(
    @CurrentUser() user: AuthUser,
    @Param('rentalId', UuidParamPipe) rentalId: string,
  ): Promise<RentalBreakdownDto> {
    return this.queries.breakdown(user.id, rentalId);
  }
}
