import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Integrator } from '../../../platform/auth/api-key';
import { ApiKeyVerifier } from '../../../platform/auth/api-key';
import { AppConfig } from '../../../platform/config/app-config';
import { hashApiKey, looksLikeApiKey } from '../domain/api-key-token';
import { keyInForce, touchKey } from '../persistence/api-client.store';

/**
 * The platform's guard asks this for every request that presents a key: one index probe by the
 * key's SHA-256 (on the primary, so a revocation takes effect on the next request), then a
 * last-used mark at most once a minute. A failed mark never fails the request.
 */
@Injectable()
export class ApiKeyVerifierService extends ApiKeyVerifier {
  private readonly logger = new Logger(ApiKeyVerifierService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async verify(token: string): Promise<Integrator | null> {
    if (!looksLikeApiKey(token)) return null;
    const key = await keyInForce(this.dataSource.manager, hashApiKey(token));
    if (!key) return null;
    await touchKey(this.dataSource.manager, key.keyId).catch((error: unknown) =>
      this.logger.warn(`last-used mark failed: ${error instanceof Error ? error.message : String(error)}`),
    );
    return {
      clientId: key.clientId,
      keyId: key.keyId,
      scopes: key.scopes,
      rateLimitPerMinute: key.rateLimitPerMinute ?? this.config.API_KEY_RATE_LIMIT_PER_MINUTE,
    };
  }
}
