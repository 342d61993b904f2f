import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import { allowSlowGatewayCalls } from '../application/slow-work';
import { SCHEMA } from '../application/intent-recorder';
import { PaymentIntentsService } from '../application/payment-intents.service';
import {
  ConfirmPaymentIntentDto,
  CreatePaymentIntentDto,
  ListPaymentIntentsQueryDto,
  PaymentIntentDto,
  PaymentIntentPageDto,
} from './dto/payment-intent.dto';
import { MONEY_POLICY } from './money-policy';

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment/payment-intents')
export class PaymentIntentsController {
  constructor(
    private readonly intents: PaymentIntentsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'payment_createPaymentIntent',
    summary: 'Pay for a rental or a subscription',
    description:
      'Exactly one of `rentalId` (the caller must be its renter) or `subscriptionId`. The amount comes from the ' +
      "rental's quote or the subscription's charge, never from the client. Answers 201 with a new intent, or 200 " +
      'with the existing one (confirmed with `paymentMethodId` when it was waiting for one). With an ' +
      'Idempotency-Key, a retry returns the first answer; the same key with another body is 422.\n\n' +
      MONEY_POLICY,
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: PaymentIntentDto })
  @ApiOkResponse({ type: PaymentIntentDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreatePaymentIntentDto,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentIntentDto> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: 'payment-intent.create', userId: user.id, key, request: body },
      async (manager) => {
        await allowSlowGatewayCalls(manager);
        return this.intents.open(user.id, body);
      },
    );
    reply.status(result.created ? 201 : 200);
    return result.view;
  }

  @Get()
  @ApiOperation({
    operationId: 'payment_listPaymentIntents',
    summary: "The caller's payment intents, as payer or payee",
    description:
      'Newest first. `{ items, page, limit, total }`. Payees (owners) see amounts, not payment details.',
  })
  @ApiOkResponse({ type: PaymentIntentPageDto })
  @ApiProblems(401, 422)
  list(
    @CurrentUser() user: AuthUser,
    @Query() query: ListPaymentIntentsQueryDto,
  ): Promise<PaymentIntentPageDto> {
    return this.intents.list(user.id, query);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'payment_getPaymentIntent',
    summary: 'One payment intent',
    description: 'For its payer and its payee; anyone else gets 404.',
  })
  @ApiOkResponse({ type: PaymentIntentDto })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<PaymentIntentDto> {
    return this.intents.get(user.id, id);
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_confirmPaymentIntent',
    summary: 'Confirm (or retry) a payment that waits for the payer',
    description:
      'For an intent in `requires_payment_method` (no method, or declined) or `requires_action` (after completing ' +
      "3-D Secure in the client). Tries again with `paymentMethodId`, the intent's method or the default; the " +
      'answer shows the outcome. Other statuses: 409 `PAYMENT.INTENT_NOT_CONFIRMABLE`. Payer only (404 otherwise). ' +
      'With an Idempotency-Key, a retry returns the first answer.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: PaymentIntentDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async confirm(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ConfirmPaymentIntentDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<PaymentIntentDto> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: `payment-intent.confirm:${id}`, userId: user.id, key, request: body },
      async (manager) => {
        await allowSlowGatewayCalls(manager);
        return this.intents.confirm(user.id, id, body.paymentMethodId);
      },
    );
    return result;
  }
}
