import type { ExecutionContext } from '@nestjs/common';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';

/**
 * For @Public() routes whose answer depends on who asks (owners see their own drafts): no
 * Authorization header means an anonymous caller; a header with a bad token is still a 401, so a
 * client with an expired token learns it rather than silently seeing less.
 */
@Injectable()
export class OptionalAuthGuard extends AuthGuard('jwt') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (request.headers.authorization === undefined) return true;
    await super.canActivate(context);
    return true;
  }

  override handleRequest<T>(err: unknown, user: T): T {
    if (err || !user) throw new UnauthorizedException('A valid access token is required');
    return user;
  }
}
