import { Body, Controller, Delete, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { MfaEnrolmentService, TotpEnrolment } from '../application/mfa-enrolment.service';
import {
  EnrolTotpDto,
  RecoveryCodesDto,
  SecondFactorProofDto,
  TotpCodeDto,
  TotpEnrolmentDto,
} from './dto/mfa.dto';

const REFUSED_CODE =
  'A wrong, expired or already used code is 403 `IDENTITY.MFA_CODE_INVALID`; codes are limited per ' +
  'account (MFA_RATE_LIMIT_PER_ACCOUNT per 15 minutes), then 429.';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('account/mfa')
export class MfaController {
  constructor(private readonly enrolment: MfaEnrolmentService) {}

  @Post('totp')
  @ApiOperation({
    operationId: 'account_enrolTotp',
    summary: 'Start turning on two-step verification (TOTP)',
    description:
      'Asks for the password again. Answers the shared secret (base32) and an otpauth:// URI for a QR ' +
      'code; nothing changes at sign-in until it is confirmed with a first code. Enrolling again before ' +
      'confirming replaces the pending secret. 403 `IDENTITY.CURRENT_PASSWORD_WRONG`; 409 ' +
      '`IDENTITY.MFA_ALREADY_ENABLED` once confirmed.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiProblems(401, 403, 409, 422, 429)
  enrol(@CurrentUser() user: AuthUser, @Body() body: EnrolTotpDto): Promise<TotpEnrolment> {
    return this.enrolment.enrol(user.id, body.password);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'account_confirmTotp',
    summary: 'Turn two-step verification on with a first code',
    description:
      `From then on, sign-in asks for a code. Answers 10 recovery codes, shown this once. ${REFUSED_CODE} ` +
      '409 `IDENTITY.MFA_NOT_ENABLED` without a pending enrolment, `IDENTITY.MFA_ALREADY_ENABLED` when on.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblems(401, 403, 409, 422, 429)
  async confirm(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.enrolment.confirm(user.id, body.code) };
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'account_disableTotp',
    summary: 'Turn two-step verification off',
    description:
      `Needs a current code or a recovery code. Removes the authenticator and every recovery code. ${REFUSED_CODE} ` +
      '409 `IDENTITY.MFA_NOT_ENABLED` when it is not on.',
  })
  @ApiNoContentResponse({ description: 'Sign-in asks for the password only' })
  @ApiProblems(401, 403, 409, 422, 429)
  async disable(@CurrentUser() user: AuthUser, @Body() body: SecondFactorProofDto): Promise<void> {
    await this.enrolment.disable(user.id, body);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'account_renewRecoveryCodes',
    summary: 'Replace the recovery codes',
    description:
      `Needs a current authenticator code. Answers 10 new codes, shown this once; the earlier ones, used or not, stop working. ${REFUSED_CODE} ` +
      '409 `IDENTITY.MFA_NOT_ENABLED` when two-step verification is not on.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiProblems(401, 403, 409, 422, 429)
  async renew(@CurrentUser() user: AuthUser, @Body() body: TotpCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.enrolment.renewRecoveryCodes(user.id, body.code) };
  }
}
