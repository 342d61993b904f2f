import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { Integrator } from '../auth/api-key';
import type { AuthUser } from '../auth/auth-user';
import { AppConfig } from '../config/app-config';
import { RateLimiter } from './rate-limiter';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WRITE_LIMIT_EXEMPT = 'http:writeLimitExempt';

/**
 * For a POST that changes nothing (its body is a query, e.g. an availability check): it is not
 * counted against the write limit, just as a GET is not, and costs no counter update.
 */
export const WriteLimitExempt = () => SetMetadata(WRITE_LIMIT_EXEMPT, true);

/**
 * Caps writes per user (per integrator for an API key, per IP when anonymous) per minute, so one account or script cannot
 * flood listings, bookings or messages. Runs after authentication (registered after the JWT guard).
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<FastifyRequest & { user?: AuthUser; integrator?: Integrator }>();
    if (!WRITES.has(request.method)) return true;
    if (this.reflector.get<boolean>(WRITE_LIMIT_EXEMPT, context.getHandler())) return true;
    const who = request.user
      ? `user:${request.user.id}`
      : request.integrator
        ? `api-client:${request.integrator.clientId}`
        : `ip:${request.ip}`;
    await this.limiter.consume(`writes:${who}`, this.config.WRITE_RATE_LIMIT_PER_MINUTE, 60);
    return true;
  }
}
