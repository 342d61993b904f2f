import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyVerifier } from '../../platform/auth/api-key';
import { ApiClientsService } from './application/api-clients.service';
import { ApiKeyVerifierService } from './application/api-key-verifier.service';
import { OperatorRentalsService } from './application/operator-rentals.service';
import { AdminApiClientsController } from './http/admin-api-clients.controller';
import { IntegrationRentalsController } from './http/integration-rentals.controller';
import { ApiClientEntity } from './persistence/api-client.entity';
import { ApiKeyUsageEntity } from './persistence/api-key-usage.entity';
import { ApiKeyEntity } from './persistence/api-key.entity';

const entities = [ApiClientEntity, ApiKeyEntity, ApiKeyUsageEntity];
const credentials = [ApiClientsService, { provide: ApiKeyVerifier, useClass: ApiKeyVerifierService }];
const reads = [OperatorRentalsService];

// Global: the platform's auth guard injects ApiKeyVerifier (a platform port this context
// implements) without importing this module, as platform code never imports a context.
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(entities)],
  controllers: [AdminApiClientsController, IntegrationRentalsController],
  providers: [...credentials, ...reads],
  exports: [ApiKeyVerifier],
})
export class IntegrationModule {}
