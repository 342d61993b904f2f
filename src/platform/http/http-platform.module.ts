import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { DatabaseCircuit, DatabaseCircuitGuard } from '../database/database-circuit';
import { OpenApiContributions } from './openapi-contributions';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({
  providers: [
    RateLimiter,
    OpenApiContributions,
    DatabaseCircuit,
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    // Registered before the auth guards (this module is imported first), so it runs first.
    { provide: APP_GUARD, useClass: DatabaseCircuitGuard },
  ],
  exports: [RateLimiter, OpenApiContributions],
})
export class HttpPlatformModule {}
