import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { WriteRateLimitGuard } from '../http/write-rate-limit.guard';
import { ApiKeyAuthentication } from './api-key-authentication';
import { JwtAuthGuard } from './jwt-auth.guard';
import { JwtStrategy } from './jwt.strategy';

@Module({
  imports: [PassportModule],
  // Guards run in this order: authenticate first, so the write limit can count per user.
  providers: [
    JwtStrategy,
    ApiKeyAuthentication,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: WriteRateLimitGuard },
  ],
})
export class AuthPlatformModule {}
