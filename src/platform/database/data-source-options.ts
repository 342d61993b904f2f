import type { DataSourceOptions } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
  /** Log failed queries (off in tests, where failures are expected and asserted). */
  logErrors?: boolean;
}

/** One definition for the app, the CLI and the tests, so they can never disagree. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: settings.logErrors === false ? false : ['error', 'warn'],
    extra: {
      max: settings.poolSize,
      application_name: settings.applicationName ?? 'onesociety-api',
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
      connectionTimeoutMillis: 3000,
    },
  };
}
