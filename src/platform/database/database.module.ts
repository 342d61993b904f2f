import { DynamicModule } from '@nestjs/common';
import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { ADMIN_DATABASE_URL, ContextDataSources } from './context-data-sources';
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
              // Readiness compares the applied migrations with this process's own (its contexts'),
              // but for those on a database of their own (<CONTEXT>_DATABASE_URL), migrated there.
              contexts: config.hostedContexts.filter((context) => !config.contextDatabaseUrl(context)),
            }),
            autoLoadEntities: true,
            retryAttempts: 0,
          }),
        }),
      ],
      providers: [{ provide: ADMIN_DATABASE_URL, useValue: url }, ContextDataSources],
      exports: [ContextDataSources],
    };
  }
}
