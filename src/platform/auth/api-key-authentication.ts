import { Injectable, Optional } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { RateLimiter } from '../http/rate-limiter';
import type { ApiKeyScope, Integrator } from './api-key';
import { ApiKeyVerifier } from './api-key';

/**
 * Authenticates a request by an integrator's key: the key must be valid (401), carry the scope the
 * operation names (403) and stay within its per-minute limit (429, counted per key in the shared
 * rate-limit store, refused requests included). Without a verifier (no integration context
 * loaded) every key is refused.
 */
@Injectable()
export class ApiKeyAuthentication {
  constructor(
    private readonly limiter: RateLimiter,
    @Optional() private readonly verifier?: ApiKeyVerifier,
  ) {}

  async authenticate(token: string, scope: ApiKeyScope): Promise<Integrator> {
    const integrator = this.verifier ? await this.verifier.verify(token) : null;
    if (!integrator)
      throw new DomainError(
        'AUTH.API_KEY_INVALID',
        'unauthenticated',
        'The API key is unknown, revoked or expired',
      );
    await this.limiter.consume(`api-key:${integrator.keyId}`, integrator.rateLimitPerMinute, 60);
    if (!integrator.scopes.includes(scope))
      throw new DomainError(
        'AUTH.API_KEY_SCOPE_MISSING',
        'forbidden',
        `This operation needs an API key with scope ${scope}`,
        {
          scope,
        },
      );
    return integrator;
  }
}
