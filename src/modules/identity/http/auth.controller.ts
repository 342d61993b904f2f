import { Body, Controller, Get, HttpCode, Ip, Post, Put, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { AuthService } from '../application/auth.service';
import type { Session } from '../application/token-issuer';
import { ProfileService } from '../application/profile.service';
import { AccountView } from '../application/account-view';
import type { MfaChallenge } from '../application/mfa-login.service';
import type { SessionClient } from '../domain/session-client';
import { AccountDto, SessionDto } from './dto/account.response';
import { LoginDto, RefreshTokenDto, SignupDto } from './dto/auth.dto';
import { MfaChallengeDto } from './dto/mfa.dto';
import { UpdateProfileDto } from './dto/profile.dto';
import { Client } from './session-client.decorator';

@ApiTags('identity')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly profiles: ProfileService,
  ) {}

  @Public()
  @Post('signup')
  @ApiOperation({ operationId: 'auth_signup', summary: 'Create an account and sign in' })
  @ApiCreatedResponse({ type: SessionDto })
  @ApiProblems(400, 409, 422, 429)
  signup(@Body() body: SignupDto, @Ip() ip: string, @Client() client: SessionClient): Promise<Session> {
    return this.auth.signup(body, ip, client);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'auth_login',
    summary: 'Sign in with email and password',
    description:
      'Answers 200 with a session, or, when the account has two-step verification on, 202 with a ' +
      'challenge and no tokens: finish with `POST /auth/login/mfa` before `expiresAt`. A suspended ' +
      'account, with the right password, is a 403 `IDENTITY.ACCOUNT_SUSPENDED` whose `until` names ' +
      'when the suspension ends (null for a ban); with a wrong one, the usual 401.',
  })
  @ApiOkResponse({ type: SessionDto, description: 'Signed in' })
  @ApiResponse({
    status: 202,
    type: MfaChallengeDto,
    description: 'Password right; a second factor is needed',
  })
  @ApiProblems(400, 401, 403, 422, 429)
  async login(
    @Body() body: LoginDto,
    @Ip() ip: string,
    @Client() client: SessionClient,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Session | MfaChallenge> {
    const result = await this.auth.login(body.email, body.password, ip, client);
    if ('mfaRequired' in result) reply.status(202);
    return result;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'auth_refresh',
    summary: 'Exchange a refresh token for a new pair',
    description:
      'The token is rotated. Presenting an already rotated token again (after a short grace for lost responses) revokes its whole family. ' +
      'A suspension ends every session: its refresh tokens are refused (401).',
  })
  @ApiOkResponse({ type: SessionDto })
  @ApiProblems(400, 401, 422)
  refresh(@Body() body: RefreshTokenDto, @Client() client: SessionClient): Promise<Session> {
    return this.auth.refresh(body.refreshToken, client);
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ operationId: 'auth_logout', summary: 'Sign out: revoke the refresh token family' })
  @ApiNoContentResponse({ description: 'Signed out (also when the token was unknown)' })
  @ApiProblems(400, 422)
  async logout(@Body() body: RefreshTokenDto): Promise<void> {
    await this.auth.logout(body.refreshToken);
  }

  @Get('profile')
  @ApiBearerAuth()
  @ApiOperation({ operationId: 'auth_getProfile', summary: "The caller's account and profile" })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(401, 404)
  profile(@CurrentUser() user: AuthUser): Promise<AccountView> {
    return this.profiles.getAccount(user.id);
  }

  @Put('profile')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'auth_updateProfile',
    summary: "Update the caller's profile",
    description:
      'Omitted fields stay unchanged; null clears an optional field. Email and role cannot be changed here.',
  })
  @ApiOkResponse({ type: AccountDto })
  @ApiProblems(400, 401, 404, 422)
  updateProfile(@CurrentUser() user: AuthUser, @Body() body: UpdateProfileDto): Promise<AccountView> {
    return this.profiles.updateProfile(user.id, body);
  }
}
