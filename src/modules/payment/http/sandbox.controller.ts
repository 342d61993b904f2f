import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { SandboxAuthentication } from '../application/sandbox-authentication';
import { SandboxAuthenticationDto, SandboxAuthenticationResultDto } from './dto/webhook.dto';

@ApiTags('payment')
@Controller('payment/sandbox/payment-intents')
export class SandboxController {
  constructor(private readonly authentication: SandboxAuthentication) {}

  @Post(':gatewayIntentId/authenticate')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_authenticateSandboxPayment',
    summary: "Sandbox only: the 3-D Secure test page's Complete / Fail buttons",
    description:
      "What Stripe's hosted test page does for `nextAction.redirectUrl`: the client secret proves the payer. The " +
      'outcome reaches the payment at once, as a Stripe webhook would. 404 when the sandbox is not the gateway.',
  })
  @ApiOkResponse({ type: SandboxAuthenticationResultDto })
  @ApiProblems(404, 409, 422)
  authenticate(
    @Param('gatewayIntentId') gatewayIntentId: string,
    @Body() body: SandboxAuthenticationDto,
  ): Promise<SandboxAuthenticationResultDto> {
    return this.authentication.authenticate(gatewayIntentId, body.clientSecret, body.outcome);
  }
}
