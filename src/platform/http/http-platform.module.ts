import { Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ProblemDetailsFilter } from './problem-details.filter';
import { RateLimiter } from './rate-limiter';

@Global()
@Module({
  providers: [RateLimiter, { provide: APP_FILTER, useClass: ProblemDetailsFilter }],
  exports: [RateLimiter],
})
export class HttpPlatformModule {}
