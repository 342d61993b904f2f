import { Global, Module } from '@nestjs/common';
import { IdempotencyRetentionJob } from './idempotency-retention.job';
import { IdempotencyService } from './idempotency.service';

@Global()
@Module({ providers: [IdempotencyService, IdempotencyRetentionJob], exports: [IdempotencyService] })
export class IdempotencyModule {}
