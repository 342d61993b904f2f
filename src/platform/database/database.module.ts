import { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ContextDataSources } from './context-data-sources';
import { dataSourceOptions } from './data-source-options';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            ...dataSourceOptions({
              url,
              poolSize: config.DATABASE_POOL_SIZE,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
              replicaUrls: config.DATABASE_REPLICA_URLS,
              logErrors: config.LOG_LEVEL !== 'silent',
              // Readiness compares the applied migrations with this process's own (its contexts').
              contexts: config.hostedContexts,
            }),
            autoLoadEntities: true,
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [ContextDataSources],
      exports: [ContextDataSources],
    };
  }
}
