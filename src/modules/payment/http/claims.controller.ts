import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import type { ClaimDetailView } from '../application/claim-views';
import { ClaimsService } from '../application/claims.service';
import { SCHEMA } from '../application/intent-recorder';
import { ClaimAnswerDto, ClaimDetailDto, FileClaimDto } from './dto/claim.dto';

const STATE_MACHINE =
  'States: `open` → `accepted` (renter) | `disputed` (renter) → `resolved` (admin); `open` → `withdrawn` (owner). ' +
  "While open or disputed the deposit stays held (even after the rental completes) and the owner's payout of the " +
  "rental is held back. A move the claim's status does not allow is a 409 (`PAYMENT.CLAIM_NOT_OPEN`): of racing " +
  'answers exactly one wins.';

@ApiTags('payment')
@ApiBearerAuth()
@Controller('payment')
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post('rentals/:rentalId/claims')
  @ApiOperation({
    operationId: 'payment_fileClaim',
    summary: "File a damage claim against the rental's deposit (owner)",
    description:
      "The rental's owner, while the rental is `returned` (the inspection window, RENTAL_INSPECTION_WINDOW_HOURS " +
      'after the return, or until the owner confirms completion), files one claim per rental: `amount` (1..the ' +
      "deposit held, in the rental's currency), a description and photo references. The renter gets a system " +
      'message in the conversation and accepts or disputes it. Refusals change nothing: the renter (403 ' +
      '`PAYMENT.CLAIM_OWNER_ONLY`), outside the window (409 `PAYMENT.CLAIM_WINDOW_CLOSED`), a second claim (409 ' +
      '`PAYMENT.CLAIM_ALREADY_FILED`), no deposit held (409 `PAYMENT.CLAIM_NO_DEPOSIT_HELD`), above the deposit ' +
      '(422 `PAYMENT.CLAIM_AMOUNT_ABOVE_DEPOSIT`), another currency (422 `PAYMENT.CLAIM_CURRENCY_MISMATCH`); ' +
      "someone else's rental is a 404. With an Idempotency-Key a retry (a lost answer) gets the first answer, " +
      'not the 409 of a second claim.\n\n' +
      STATE_MACHINE,
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: ClaimDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  async file(
    @CurrentUser() user: AuthUser,
    @Param('rentalId', UuidParamPipe) rentalId: string,
    @Body() body: FileClaimDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<ClaimDetailView> {
    const { result } = await this.idempotency.run(
      { schema: SCHEMA, operation: `claim.file:${rentalId}`, userId: user.id, key, request: body },
      // The filing commits in a transaction of its own; this one keeps the key and the answer.
      () =>
        this.claims.file(user, rentalId, {
          amount: body.amount,
          currency: body.currency,
          description: body.description,
          photos: body.photos ?? [],
        }),
    );
    return result;
  }

  @Get('claims/:claimId')
  @ApiOperation({
    operationId: 'payment_getClaim',
    summary: 'A damage claim with its history (its parties and admins)',
    description: "The claim, each status it reached, and its deposit's state. Anyone else gets a 404.",
  })
  @ApiOkResponse({ type: ClaimDetailDto })
  @ApiProblems(401, 404, 422)
  get(
    @CurrentUser() user: AuthUser,
    @Param('claimId', UuidParamPipe) claimId: string,
  ): Promise<ClaimDetailView> {
    return this.claims.read(user, claimId);
  }

  @Post('claims/:claimId/accept')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_acceptClaim',
    summary: 'Accept a damage claim (renter)',
    description:
      'The claimed amount is captured from the deposit hold (one partial capture at Stripe, keyed by the claim) and the ' +
      "rest released; the owner receives it as its own transfer, with no platform fee. Only the rental's renter " +
      '(403 `PAYMENT.CLAIM_ACTION_NOT_ALLOWED` for the owner).\n\n' +
      STATE_MACHINE,
  })
  @ApiOkResponse({ type: ClaimDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  accept(
    @CurrentUser() user: AuthUser,
    @Param('claimId', UuidParamPipe) claimId: string,
    @Body() body: ClaimAnswerDto,
  ): Promise<ClaimDetailView> {
    return this.claims.answer(user, claimId, 'accept', body.note ?? null);
  }

  @Post('claims/:claimId/dispute')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_disputeClaim',
    summary: 'Dispute a damage claim (renter)',
    description:
      'An admin will decide (GET /admin/claims?status=disputed); the deposit stays held meanwhile. `note` says why.\n\n' +
      STATE_MACHINE,
  })
  @ApiOkResponse({ type: ClaimDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  dispute(
    @CurrentUser() user: AuthUser,
    @Param('claimId', UuidParamPipe) claimId: string,
    @Body() body: ClaimAnswerDto,
  ): Promise<ClaimDetailView> {
    return this.claims.answer(user, claimId, 'dispute', body.note ?? null);
  }

  @Post('claims/:claimId/withdraw')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'payment_withdrawClaim',
    summary: 'Withdraw an open damage claim (owner)',
    description:
      'The deposit follows the rental again: held until it completes, then released; the payout hold is lifted.\n\n' +
      STATE_MACHINE,
  })
  @ApiOkResponse({ type: ClaimDetailDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  withdraw(
    @CurrentUser() user: AuthUser,
    @Param('claimId', UuidParamPipe) claimId: string,
    @Body() body: ClaimAnswerDto,
  ): Promise<ClaimDetailView> {
    return this.claims.answer(user, claimId, 'withdraw', body.note ?? null);
  }
}
