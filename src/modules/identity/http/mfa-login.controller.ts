import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { Session } from '../application/token-issuer';
import { MfaLoginService } from '../application/mfa-login.service';
import type { SessionClient } from '../domain/session-client';
import { SessionDto } from './dto/account.response';
import { CompleteMfaLoginDto } from './dto/mfa.dto';
import { Client } from './session-client.decorator';

@ApiTags('identity')
@Controller('auth')
export class MfaLoginController {
  constructor(private readonly mfaLogin: MfaLoginService) {}

  @Public()
  @Post('login/mfa')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'auth_completeMfaLogin',
    summary: 'Finish signing in with the second factor',
    description:
      'After `POST /auth/login` answered 202: the challenge token with an authenticator code or a ' +
      'recovery code. 401 `IDENTITY.MFA_CODE_INVALID` for a wrong, expired or already used code (the ' +
      'challenge stays open until it expires, for a retry); 401 `IDENTITY.MFA_CHALLENGE_INVALID` for ' +
      'an unknown or already redeemed challenge and `IDENTITY.MFA_CHALLENGE_EXPIRED` after ' +
      '`expiresAt` (sign in again). Codes are limited per account (MFA_RATE_LIMIT_PER_ACCOUNT per 15 ' +
      'minutes), then 429. An account suspended since the password was given is a 403 ' +
      '`IDENTITY.ACCOUNT_SUSPENDED` naming `until`, as the login would be.',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 403, 422, 429)
  complete(@Body() body: CompleteMfaLoginDto, @Client() client: SessionClient): Promise<Session> {
    return this.mfaLogin.complete(
      body.challengeToken,
      { code: body.code, recoveryCode: body.recoveryCode },
      client,
    );
  }
}
