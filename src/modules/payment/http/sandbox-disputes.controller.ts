import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { DisputeView } from '../application/admin-disputes.service';
import { SandboxDisputesService } from '../application/sandbox-disputes.service';
import { DisputeDto, OpenSandboxDisputeDto } from './dto/dispute.dto';

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment/sandbox/disputes')
export class SandboxDisputesController {
  constructor(private readonly disputes: SandboxDisputesService) {}

  @Post()
  @ApiOperation({
    operationId: 'payment_openSandboxDispute',
    summary: 'Sandbox only: dispute one of your payments with your bank',
    description:
      "What Stripe's dispute test cards do: the payer of a captured payment opens a chargeback (or, with " +
      '`inquiry`, an inquiry) on its charge, and it reaches the platform at once, as a `charge.dispute.created` ' +
      "webhook would: the owner's payout is held and admins see it in GET /admin/disputes. One per payment: a " +
      'payment not captured, refunded or already disputed is a 409 `PAYMENT.SANDBOX_NOTHING_TO_DISPUTE`. ' +
      "Someone else's payment, or the sandbox not being the gateway: 404.",
  })
  @ApiCreatedResponse({ type: DisputeDto })
  @ApiProblems(400, 401, 404, 409, 422)
  open(@CurrentUser() payer: AuthUser, @Body() body: OpenSandboxDisputeDto): Promise<DisputeView> {
    return this.disputes.open(payer.id, {
      paymentIntentId: body.paymentIntentId,
      reason: body.reason ?? 'general',
      inquiry: body.inquiry ?? false,
    });
  }
}
