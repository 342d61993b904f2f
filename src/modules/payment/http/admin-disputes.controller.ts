import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { DisputeDetailView } from '../application/admin-disputes.service';
import { AdminDisputesService } from '../application/admin-disputes.service';
import {
  AdminDisputesQueryDto,
  DisputeDetailDto,
  DisputePageDto,
  SubmitDisputeEvidenceDto,
} from './dto/dispute.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/disputes')
export class AdminDisputesController {
  constructor(private readonly disputes: AdminDisputesService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listDisputes',
    summary: 'Card disputes on payments (admins)',
    description:
      "Disputes that renters' banks opened, newest first, as Stripe's `charge.dispute.*` webhooks report them: " +
      'inquiries (no money taken) and chargebacks (the amount taken back from the platform while open). While a ' +
      "dispute is open the owner's payout of the rental is held. `state` filters open or closed ones. Keyset " +
      'pagination on (openedAt, id): pass nextCursor as `cursor` with the same filter.',
  })
  @ApiOkResponse({ type: DisputePageDto })
  @ApiProblems(401, 403, 422)
  list(@Query() query: AdminDisputesQueryDto): Promise<DisputePageDto> {
    return this.disputes.list(query);
  }

  @Get(':disputeId')
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_getDispute',
    summary: 'A dispute with its history and evidence (admins)',
    description:
      "Each status it reached and how we learnt it, the evidence sent so far, and the owner's payout status.",
  })
  @ApiOkResponse({ type: DisputeDetailDto })
  @ApiProblems(401, 403, 404, 422)
  get(@Param('disputeId', UuidParamPipe) disputeId: string): Promise<DisputeDetailView> {
    return this.disputes.detail(disputeId);
  }

  @Post(':disputeId/evidence')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_submitDisputeEvidence',
    summary: "Send the platform's evidence for a dispute (admins)",
    description:
      "Sends `text` to the card network through Stripe (the dispute's `uncategorized_text` evidence; `submit: " +
      'false` stages it at Stripe without sending). Only while the dispute waits for a response ' +
      '(`needs_response`, `warning_needs_response`): otherwise 409 `PAYMENT.DISPUTE_NOT_AWAITING_EVIDENCE` (two ' +
      'admins at once: one is sent, the other gets the 409). A retry after a lost answer is not sent twice. ' +
      "Stripe's answer is recorded (usually `under_review`); the outcome arrives later as a webhook. Recorded in " +
      'the audit log (payment.dispute_evidence_submitted / _staged). Blank text is a 422; Stripe refusing is a ' +
      '409 `PAYMENT.GATEWAY_REFUSED`, Stripe unreachable a 503. A dispute takes at most 20 texts (drafts ' +
      'and the submission): a 21st is a 409 `PAYMENT.DISPUTE_EVIDENCE_LIMIT`.',
  })
  @ApiOkResponse({ type: DisputeDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422, 503)
  submitEvidence(
    @CurrentUser() admin: AuthUser,
    @Param('disputeId', UuidParamPipe) disputeId: string,
    @Body() body: SubmitDisputeEvidenceDto,
  ): Promise<DisputeDetailView> {
    return this.disputes.submitEvidence(admin, disputeId, { text: body.text, submit: body.submit ?? true });
  }
}
