import { Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { ConnectAccountsService } from '../application/connect-accounts.service';
import { AccountLinkDto, ConnectAccountDto } from './dto/connect.dto';

const WHY =
  "An owner is paid through their own connected account at Stripe (Connect Express): Stripe collects the owner's " +
  "identity and bank details on its hosted pages, and the owner's share of each rental is transferred there " +
  "(PAYOUT_DELAY_HOURS after completion), then paid out to their bank on Stripe's schedule.";

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment/connect')
export class ConnectController {
  constructor(private readonly accounts: ConnectAccountsService) {}

  @Post('account')
  @ApiOperation({
    operationId: 'payment_createConnectAccount',
    summary: "Create the caller's payout account",
    description:
      `${WHY} Idempotent per owner: 201 with the new account, then 200 with the same one. The account starts ` +
      'with requirements due; POST /payment/connect/onboarding-link is the next step.',
  })
  @ApiCreatedResponse({ type: ConnectAccountDto })
  @ApiOkResponse({ type: ConnectAccountDto })
  @ApiProblems(401, 409, 503)
  async create(
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConnectAccountDto> {
    const { view, created } = await this.accounts.ensure(user.id);
    reply.status(created ? 201 : 200);
    return view;
  }

  @Get('account')
  @ApiOperation({
    operationId: 'payment_getConnectAccount',
    summary: "The caller's payout account and its onboarding state",
    description:
      'As Stripe last told it (`account.updated` webhooks): details submitted, charges and payouts enabled, ' +
      'requirements currently due. 404 `PAYMENT.CONNECT_ACCOUNT_NOT_FOUND` before the account is created.',
  })
  @ApiOkResponse({ type: ConnectAccountDto })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser): Promise<ConnectAccountDto> {
    return this.accounts.view(user.id);
  }

  @Post('onboarding-link')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'payment_createOnboardingLink',
    summary: "A link to Stripe's hosted onboarding for the caller's payout account",
    description:
      'Creates the account first if needed. The link is single-use and expires within minutes: send the owner ' +
      'there at once and ask for a new one when Stripe sends them to the refresh URL. Stripe sends them back to ' +
      '`<PUBLIC_WEB_URL>/account/payouts/onboarding/return`; the account state follows by webhook.',
  })
  @ApiCreatedResponse({ type: AccountLinkDto })
  @ApiProblems(401, 409, 503)
  onboardingLink(@CurrentUser() user: AuthUser): Promise<AccountLinkDto> {
    return this.accounts.onboardingLink(user.id);
  }

  @Post('dashboard-link')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'payment_createDashboardLink',
    summary: "A login link to the caller's Stripe Express dashboard",
    description:
      'Where the owner sees their balance and bank payouts and changes their details. Only once onboarding ' +
      'details are submitted (409 `PAYMENT.CONNECT_ONBOARDING_INCOMPLETE` before); 404 without an account.',
  })
  @ApiCreatedResponse({ type: AccountLinkDto })
  @ApiProblems(401, 404, 409, 503)
  dashboardLink(@CurrentUser() user: AuthUser): Promise<AccountLinkDto> {
    return this.accounts.dashboardLink(user.id);
  }
}
