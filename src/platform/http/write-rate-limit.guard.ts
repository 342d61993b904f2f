import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../auth/auth-user';
import { AppConfig } from '../config/app-config';
import { RateLimiter } from './rate-limiter';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Caps writes per user (or per IP when anonymous) per minute, so one account or script cannot
 * flood listings, bookings or messages. Runs after authentication (registered after the JWT guard).
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: AuthUser }>();
    if (!WRITES.has(request.method)) return true;
    const who = request.user ? `user:${request.user.id}` : `ip:${request.ip}`;
    await this.limiter.consume(`writes:${who}`, this.config.WRITE_RATE_LIMIT_PER_MINUTE, 60);
    return true;
  }
}
