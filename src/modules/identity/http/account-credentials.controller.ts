import { Body, Controller, HttpCode, Ip, Post, Put } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { EmailChangeService } from '../application/email-change.service';
import { EmailVerificationService } from '../application/email-verification.service';
import { PasswordRecoveryService } from '../application/password-recovery.service';
import { ChangeEmailDto, ChangePasswordDto, MailAcceptedDto } from './dto/account-recovery.dto';

/** The signed-in caller's address and password. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('account')
export class AccountCredentialsController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly emails: EmailChangeService,
    private readonly passwords: PasswordRecoveryService,
  ) {}

  @Post('email-verification')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'account_resendEmailVerification',
    summary: 'Send a new verification email',
    description:
      'The previous link stops working. 409 IDENTITY.EMAIL_ALREADY_VERIFIED when there is nothing to verify. Limited per account and per IP.',
  })
  @ApiAcceptedResponse({ type: MailAcceptedDto })
  @ApiProblems(401, 404, 409, 429)
  async resendVerification(@CurrentUser() user: AuthUser, @Ip() ip: string): Promise<MailAcceptedDto> {
    await this.verification.resend(user.id, ip);
    return { message: 'A verification email is on its way' };
  }

  @Post('email')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'account_changeEmail',
    summary: 'Ask to change the email address',
    description:
      'Sends a confirmation link to the new address and a notice to the current one; the address changes only when the link is followed (auth_verifyEmail). A wrong password is 403 IDENTITY.CURRENT_PASSWORD_WRONG.',
  })
  @ApiAcceptedResponse({ type: MailAcceptedDto })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  async changeEmail(@CurrentUser() user: AuthUser, @Body() body: ChangeEmailDto): Promise<MailAcceptedDto> {
    await this.emails.requestChange(user.id, body.newEmail, body.password);
    return { message: 'A confirmation link is on its way to the new address' };
  }

  @Put('password')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'account_changePassword',
    summary: 'Change the password',
    description:
      "Needs the current password (403 IDENTITY.CURRENT_PASSWORD_WRONG otherwise). Signs out the account's other sessions; this one stays.",
  })
  @ApiNoContentResponse({ description: 'Password changed; other sessions ended' })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  async changePassword(@CurrentUser() user: AuthUser, @Body() body: ChangePasswordDto): Promise<void> {
    await this.passwords.changePassword(user, body.currentPassword, body.newPassword);
  }
}
