import type { DataSourceOptions } from 'typeorm';
import { migrationsFor } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  applicationName?: string;
  /**
   * Read replicas. Everything stays on the primary by default (`defaultMode: 'master'`): a replica
   * lags, and most reads (payments, bookings, a profile just edited) must see the latest writes.
   * Reads that may be a moment stale and carry the traffic opt in through `queryForRead` and
   * `transactionForRead` (plain-reads.ts): public product search and the public product page.
   * Availability, bookings and the owner checks behind them stay on the primary. A replica is
   * picked at random per read; each has its own pool of `poolSize`.
   */
  replicaUrls?: string[];
  /** The contexts whose migrations this process applies (with the platform's); all when omitted. */
  contexts?: readonly string[];
  /** Contexts with a database of their own (`<CONTEXT>_DATABASE_URL`): context name → URL. */
  contextUrls?: Partial<Record<string, string>>;
  /** Log failed queries (off in tests, where failures are expected and asserted). */
  logErrors?: boolean;
}

export const REPLICA_APPLICATION_SUFFIX = '-replica';

/** One definition for the app, the CLI and the tests, so they can never disagree. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const applicationName = settings.applicationName ?? 'onesociety-api';
  const replicas = settings.replicaUrls ?? [];
  // application_name tells the pools apart in pg_stat_activity (primary vs replica connections).
  const connection =
    replicas.length === 0
      ? { url: settings.url, applicationName }
      : {
          replication: {
            master: { url: settings.url, applicationName },
            slaves: replicas.map((url) => ({
              url,
              applicationName: `${applicationName}${REPLICA_APPLICATION_SUFFIX}`,
            })),
            defaultMode: 'master' as const,
          },
        };
  return {
    type: 'postgres',
    ...connection,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: migrationsFor(settings.contexts),
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: settings.logErrors === false ? false : ['error', 'warn'],
    extra: {
      max: settings.poolSize,
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
      // A frozen or unreachable server never answers a statement, so the server-side timeout
      // cannot fire: the client gives up a second later (503) instead of hanging the request.
      ...(settings.statementTimeoutMs > 0 ? { query_timeout: settings.statementTimeoutMs + 1000 } : {}),
      keepAlive: true,
      connectionTimeoutMillis: 3000,
    },
  };
}
