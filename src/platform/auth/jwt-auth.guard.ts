import { ExecutionContext } from '@nestjs/common';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { DomainError } from '../errors/domain-error';
import type { Integrator } from './api-key';
import { presentedApiKey } from './api-key';
import { ApiKeyAuthentication } from './api-key-authentication';
import { AuthUser, Role } from './auth-user';
import type { ApiKeyAccess } from './decorators';
import { API_KEY_ACCESS, IS_OPTIONAL_AUTH, IS_PUBLIC, REQUIRED_ROLES } from './decorators';

type GuardedRequest = { headers: Record<string, unknown>; integrator?: Integrator };

/**
 * Global: every route needs a valid access token unless marked @Public(). A route marked
 * @AcceptsApiKey() or @ApiKeyOnly() also takes an integrator's key; a key sent anywhere else is
 * not looked at (a bearer key there fails as any non-JWT token does: 401).
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyAuthentication,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    const keyAccess = this.reflector.getAllAndOverride<ApiKeyAccess | undefined>(API_KEY_ACCESS, targets);
    if (keyAccess) {
      const key = presentedApiKey(request.headers);
      if (key !== undefined) {
        request.integrator = await this.apiKeys.authenticate(key, keyAccess.scope);
        return true;
      }
      if (keyAccess.only) {
        // No key: a missing or bad token is still a 401; a user's valid token is the wrong credential.
        await super.canActivate(context);
        throw new DomainError(
          'AUTH.API_KEY_REQUIRED',
          'forbidden',
          `This operation is for integrators: send an API key with scope ${keyAccess.scope}`,
        );
      }
    }
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const optional = this.reflector.getAllAndOverride<boolean>(IS_OPTIONAL_AUTH, targets);
    if (optional && request.headers.authorization === undefined) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const user = context.switchToHttp().getRequest<{ user: AuthUser }>().user;
    if (roles && !roles.includes(user.role)) throw new ForbiddenException('This action needs another role');
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }
}
