import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { SandboxOnboarding } from '../application/sandbox-onboarding';
import { SandboxOnboardingDto, SandboxOnboardingResultDto } from './dto/connect.dto';

@ApiTags('payment')
@Controller('payment/sandbox/connect/accounts')
export class SandboxConnectController {
  constructor(private readonly onboarding: SandboxOnboarding) {}

  @Post(':accountId/onboarding')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_completeSandboxOnboarding',
    summary: "Sandbox only: the hosted onboarding page's Submit / Leave buttons",
    description:
      "What Stripe's hosted onboarding does for an onboarding link: `complete` submits everything due, so the " +
      'account can receive payouts; `abandon` changes nothing. The `link` parameter of the URL proves the owner; ' +
      'each link works once, for five minutes (410 afterwards). The new state reaches the account at once, as ' +
      'an `account.updated` webhook would. 404 when the sandbox is not the gateway.',
  })
  @ApiOkResponse({ type: SandboxOnboardingResultDto })
  @ApiProblems(404, 410, 422)
  complete(
    @Param('accountId') accountId: string,
    @Body() body: SandboxOnboardingDto,
  ): Promise<SandboxOnboardingResultDto> {
    return this.onboarding.follow(accountId, body.link, body.outcome);
  }
}
