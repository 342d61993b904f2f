import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntitySchema, MixedList } from 'typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { ContextName } from '../config/contexts';
import { isContextName } from '../config/contexts';
import { contextRoleUrl } from './context-roles';
import { dataSourceOptions } from './data-source-options';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ContextEntities = MixedList<Function | string | EntitySchema>;

/** The URL the app's database was provisioned at; set by DatabaseModule.forRoot. */
export const ADMIN_DATABASE_URL = Symbol('ADMIN_DATABASE_URL');

/**
 * The connection each context's schema is reached through: a small lazy pool per context, logged in
 * as the context's own role (context-roles.ts), or to the context's own database when
 * `<CONTEXT>_DATABASE_URL` is set. Measured against SET ROLE per unit of work on the shared pool
 * (bench/README.md, "Database roles"): a lone read there pays two more round trips.
 * Platform code that works on a context's tables on its behalf (the relay reading an outbox, a
 * subscriber's inbox transaction) asks here rather than using the app's DataSource, so a context's
 * writes always run as that context. Anything else (the platform's schemas, a test's own schema)
 * gets the app's DataSource, which logs in as the admin.
 */
@Injectable()
export class ContextDataSources implements OnApplicationShutdown {
  private readonly logger = new Logger(ContextDataSources.name);
  private readonly opened = new Map<string, DataSource>();

  constructor(
    @InjectDataSource() private readonly app: DataSource,
    private readonly config: AppConfig,
    @Inject(ADMIN_DATABASE_URL) private readonly adminUrl: string,
  ) {}

  /** The DataSource for `schema` (a context's name, or a test's own schema). */
  for(schema: string): DataSource {
    return this.opened.get(schema) ?? this.app;
  }

  /** The app's own DataSource (the admin's): platform schemas, and what tests assert with. */
  get admin(): DataSource {
    return this.app;
  }

  /** The hosted contexts on a database of their own, whose schema the app's database may not have. */
  ownDatabaseContexts(): string[] {
    return [...this.opened.keys()].filter((context) =>
      this.config.contextDatabaseUrl(context as ContextName),
    );
  }

  /** Opens `context`'s DataSource for its module (once per app; later calls share it). */
  async open(context: string, entities: ContextEntities): Promise<DataSource> {
    const existing = this.opened.get(context);
    if (existing) return existing;
    if (!isContextName(context)) throw new Error(`Not a context: ${context}`);
    const ownUrl = this.config.contextDatabaseUrl(context);
    const options = dataSourceOptions({
      url: ownUrl ?? contextRoleUrl(this.adminUrl, context),
      poolSize: this.config.DATABASE_CONTEXT_POOL_SIZE,
      statementTimeoutMs: this.config.DATABASE_STATEMENT_TIMEOUT_MS,
      // Replicas hold the same roles (they are cluster-wide); a context on its own database has none here.
      replicaUrls: ownUrl ? [] : this.config.DATABASE_REPLICA_URLS.map((url) => contextRoleUrl(url, context)),
      applicationName: 'onesociety-api',
      logErrors: this.config.LOG_LEVEL !== 'silent',
    });
    const dataSource = new DataSource({ ...options, entities, migrations: [] });
    this.opened.set(context, dataSource);
    try {
      await dataSource.initialize();
    } catch (error) {
      this.opened.delete(context);
      throw error;
    }
    return dataSource;
  }

  async onApplicationShutdown(): Promise<void> {
    const sources = [...this.opened.values()];
    this.opened.clear();
    await Promise.all(
      sources.map((source) =>
        source
          .destroy()
          .catch((error: Error) => this.logger.warn(`closing a context pool: ${error.message}`)),
      ),
    );
  }
}
