import type { AccountView } from './account-view';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AccessTokenClaims, Role } from '../../../platform/auth/auth-user';
import { AppConfig } from '../../../platform/config/app-config';
import type { SessionClient } from '../domain/session-client';
import { RefreshTokenEntity } from '../persistence/refresh-token.entity';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

/** What signing in hands out: the token pair and the account it is for. */
export type Session = TokenPair & { user: AccountView };

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Signs access tokens and mints refresh tokens (random, opaque, stored only as a hash). */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  async issue(
    manager: EntityManager,
    user: { id: string; role: Role },
    /** Who asked (signup, login, refresh, MFA completion): what the session list shows. */
    client: SessionClient,
    familyId: string = randomUUID(),
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await manager.insert(RefreshTokenEntity, {
      id: randomUUID(),
      userId: user.id,
      familyId,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
      userAgent: client.userAgent,
      ipPrefix: client.ipPrefix,
    });
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, sid: familyId };
    const accessToken = await this.jwt.signAsync(claims);
    return {
      accessToken,
      refreshToken,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
    };
  }
}
