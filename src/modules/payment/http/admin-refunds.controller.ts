import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import type { RefundView } from '../application/admin-refunds.service';
import { AdminRefundsService } from '../application/admin-refunds.service';
import { SCHEMA } from '../application/intent-recorder';
import { allowSlowGatewayCalls } from '../application/slow-work';
import { CreateRefundDto, RefundDto, RefundListDto } from './dto/refund.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/payment-intents/:intentId/refunds')
export class AdminRefundsController {
  constructor(
    private readonly refunds: AdminRefundsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_createRefund',
    summary: 'Refund a captured payment, in full or in part (admins)',
    description:
      'Refunds `amount` (omitted: everything still refundable) of the charge: at most what was captured less what ' +
      'was refunded or is being refunded (422 `PAYMENT.REFUND_ABOVE_CAPTURED`; nothing left or nothing captured: ' +
      "409 `PAYMENT.NOTHING_TO_REFUND`). A rental's refund comes out of the owner's unpaid share first, then the " +
      "platform fee, and is refused once the owner's share was transferred (409 `PAYMENT.REFUND_AFTER_PAYOUT`, " +
      'see the README) or while the payment is still settling (409 `PAYMENT.INTENT_SETTLING`). One refund at ' +
      'Stripe per row (key `refund-<id>`), one balanced `refund` journal, an audit entry (payment.refund_created). ' +
      'With an Idempotency-Key a retry returns the first answer. Deposits are not refunded here: a damage claim ' +
      'settles them.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: RefundDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  async create(
    @CurrentUser() admin: AuthUser,
    @Param('intentId', UuidParamPipe) intentId: string,
    @Body() body: CreateRefundDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<RefundView> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: `admin.refund:${intentId}`, userId: admin.id, key, request: body },
      async (manager) => {
        await allowSlowGatewayCalls(manager);
        return this.refunds.refund(admin, intentId, { amount: body.amount ?? null, reason: body.reason });
      },
    );
    return result;
  }

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listRefunds',
    summary: "A payment intent's admin refunds (admins)",
    description: 'Oldest first, with their status at the gateway.',
  })
  @ApiOkResponse({ type: RefundListDto })
  @ApiProblems(401, 403, 404, 422)
  async list(@Param('intentId', UuidParamPipe) intentId: string): Promise<RefundListDto> {
    return { items: await this.refunds.list(intentId) };
  }
}
