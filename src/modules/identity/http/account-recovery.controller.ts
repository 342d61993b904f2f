import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { AccountView } from '../application/account-view';
import { EmailVerificationService } from '../application/email-verification.service';
import { PasswordRecoveryService } from '../application/password-recovery.service';
import { AccountDto } from './dto/account.response';
import {
  EmailTokenDto,
  MailAcceptedDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
} from './dto/account-recovery.dto';

const TOKEN_ERRORS =
  'An unknown token (or one for another purpose) is 400 IDENTITY.TOKEN_INVALID; an expired one 410 IDENTITY.TOKEN_EXPIRED; a used one 410 IDENTITY.TOKEN_USED.';

/** What a person does from an email link, or when they cannot sign in: no access token needed. */
@ApiTags('identity')
@Controller('auth')
export class AccountRecoveryController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly passwords: PasswordRecoveryService,
  ) {}

  @Public()
  @Post('email-verification')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'auth_verifyEmail',
    summary: 'Follow an email link: verify the address, or confirm an email change',
    description: `The token comes from the link of a verification or email-change email. ${TOKEN_ERRORS} Confirming a change to an address another account took meanwhile is 409 IDENTITY.EMAIL_TAKEN.`,
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400, 409, 410, 422)
  verifyEmail(@Body() body: EmailTokenDto): Promise<AccountView> {
    return this.verification.confirm(body.token);
  }

  @Public()
  @Post('password-reset')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'auth_requestPasswordReset',
    summary: 'Email a password reset link',
    description:
      'Answers 202 with the same body whether or not an account uses the address. Limited per address and per IP.',
  })
  @ApiAcceptedResponse({ type: MailAcceptedDto })
  @ApiProblems(400, 422, 429)
  async requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Ip() ip: string,
  ): Promise<MailAcceptedDto> {
    await this.passwords.requestReset(body.email, ip);
    return { message: 'If an account uses this address, a reset link is on its way' };
  }

  @Public()
  @Post('password-reset/confirm')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'auth_resetPassword',
    summary: 'Choose a new password with a reset link',
    description: `Signs out every session of the account. ${TOKEN_ERRORS}`,
  })
  @ApiNoContentResponse({ description: 'Password changed; every session ended' })
  @ApiProblems(400, 410, 422)
  async resetPassword(@Body() body: PasswordResetConfirmDto): Promise<void> {
    await this.passwords.confirmReset(body.token, body.newPassword);
  }
}
