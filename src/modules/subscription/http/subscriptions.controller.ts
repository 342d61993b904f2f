import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { PageQueryDto } from '../../../platform/http/pagination';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import { allowSlowPaymentCalls } from '../application/slow-work';
import { SCHEMA } from '../application/subscription-billing';
import { SubscriptionsService } from '../application/subscriptions.service';
import { UsageService } from '../application/usage.service';
import {
  CancelSubscriptionDto,
  ChangePlanDto,
  CreateSubscriptionDto,
  SubscriptionDto,
  SubscriptionPageDto,
  UsageDto,
} from './dto/subscription.dto';

const PRORATION =
  'Proration: with f the unused fraction of the current period, the unused value round(current price × f) is ' +
  'credited; the new plan costs round(new price × f) for the rest of the period (same billing cycle), or its full ' +
  'price for a new period starting now (cycle change, or leaving the free plan). An upgrade charges the difference ' +
  'at once (the account credit pays first); a downgrade charges nothing and adds the difference to the credit, ' +
  'which later renewals spend before the card. Nothing is refunded to the card.';

@ApiTags('subscription')
@ApiBearerAuth()
@Controller('subscription')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionsService,
    private readonly usage: UsageService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('subscriptions')
  @ApiOperation({
    operationId: 'subscription_createSubscription',
    summary: 'Subscribe to a plan',
    description:
      'One live subscription per user (409 `SUBSCRIPTION.ALREADY_SUBSCRIBED`: change its plan instead). The free plan ' +
      'is active at once. A paid plan charges its first period now, with `paymentMethodId` or the default method: it ' +
      'is `active` when paid, else `incomplete` with `latestCharge.paymentIntentId` to confirm (3-D Secure, a declined ' +
      'card) through the payment API; unpaid, it is dropped after 23 hours. Renewals charge the same method at each ' +
      "period's end; a failed renewal makes it `past_due` for 7 days (the plan still applies), then it ends. With an " +
      'Idempotency-Key, a retry returns the first answer; another body with the same key is 422.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: SubscriptionDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() body: CreateSubscriptionDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<SubscriptionDto> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: 'subscription.create', userId: user.id, key, request: body },
      async (manager) => {
        await allowSlowPaymentCalls(manager);
        return this.subscriptions.subscribe(user.id, body);
      },
    );
    return result;
  }

  @Get('subscriptions')
  @ApiOperation({
    operationId: 'subscription_listSubscriptions',
    summary: "The caller's subscriptions, newest first",
    description: '`{ items, page, limit, total }`; ended ones included.',
  })
  @ApiOkResponse({ type: SubscriptionPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<SubscriptionPageDto> {
    return this.subscriptions.list(user.id, query.page, query.limit);
  }

  @Get('subscriptions/:id')
  @ApiOperation({ operationId: 'subscription_getSubscription', summary: 'One of the caller’s subscriptions' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<SubscriptionDto> {
    return this.subscriptions.get(user.id, id);
  }

  @Put('subscriptions/:id/plan')
  @ApiOperation({
    operationId: 'subscription_changePlan',
    summary: 'Upgrade or downgrade, prorated',
    description:
      `Active subscriptions only (409 otherwise; the same plan and cycle: 409 \`SUBSCRIPTION.SAME_PLAN\`). ${PRORATION} ` +
      'A change that costs nothing applies at once. One that costs something applies when paid: at once with a card ' +
      'that goes through, else it waits in `pendingChange` until its payment intent is confirmed (a newer change ' +
      'replaces it). With an Idempotency-Key, a retry returns the first answer.',
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(400, 401, 404, 409, 422, 503)
  async changePlan(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: ChangePlanDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<SubscriptionDto> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: `subscription.change-plan:${id}`, userId: user.id, key, request: body },
      async (manager) => {
        await allowSlowPaymentCalls(manager);
        return this.subscriptions.changePlan(user.id, id, body);
      },
    );
    return result;
  }

  @Put('subscriptions/:id/cancel')
  @ApiOperation({
    operationId: 'subscription_cancelSubscription',
    summary: 'Cancel at the end of the paid period (default), or now',
    description:
      '`atPeriodEnd: true` keeps the plan until `currentPeriodEnd`, then it ends without renewing; `false` ends it ' +
      'now, without refund, and the free plan applies. A pending plan change is dropped. 409 when already canceled.',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiProblems(401, 404, 409, 422)
  cancel(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: CancelSubscriptionDto,
  ): Promise<SubscriptionDto> {
    return this.subscriptions.cancel(user.id, id, body.atPeriodEnd ?? true);
  }

  @Get('subscriptions/:id/usage')
  @ApiOperation({
    operationId: 'subscription_getSubscriptionUsage',
    summary: "Usage against the plan's limits in the current period",
    description: 'Active listings now, and rentals accepted as owner since `periodStart`.',
  })
  @ApiOkResponse({ type: UsageDto })
  @ApiProblems(401, 404)
  async subscriptionUsage(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<UsageDto> {
    return this.usage.forSubscription(await this.subscriptions.own(user.id, id));
  }

  @Get('usage')
  @ApiOperation({
    operationId: 'subscription_getMyUsage',
    summary: "The caller's usage against the plan that applies now",
    description: 'The live subscription’s plan and period, or the free plan and the calendar month (UTC).',
  })
  @ApiOkResponse({ type: UsageDto })
  @ApiProblems(401)
  myUsage(@CurrentUser() user: AuthUser): Promise<UsageDto> {
    return this.usage.current(user.id);
  }
}
