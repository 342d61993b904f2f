import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import { DataSource } from 'typeorm';
import { migrationsFor } from '../../../migrations';
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
  private readonly guards = new Map<string, Promise<DataSource>>();
  private readonly guardsOpened = new Map<string, DataSource>();

  constructor(
    @InjectDataSource() private readonly app: DataSource,
    private readonly config: AppConfig,
    @Inject(ADMIN_DATABASE_URL) private readonly adminUrl: string,
  ) {}

  /** The DataSource for `schema` (a context's name, or a test's own schema). */
  for(schema: string): DataSource {
    return this.opened.get(schema) ?? this.app;
  }

  /**
   * A second lazy pool of `schema`'s context (same role and database, DATABASE_GUARD_POOL_SIZE) for the
   * transactions that stay open while the work they guard runs: an Idempotency-Key's row, a job's
   * run. Much of that work opens transactions of its own on the context's connection (a refund
   * records each step before it calls Stripe), so taken from one pool the two would deadlock as soon
   * as as many guarded requests run as the pool has connections, each holding one and waiting for a
   * second. A guard is always taken before a work connection, never the other way, so neither pool
   * can wait on the other in a cycle. Anything not a hosted context gets the app's DataSource.
   */
  guardFor(schema: string): Promise<DataSource> {
    const work = this.opened.get(schema);
    if (!work || !isContextName(schema)) return Promise.resolve(this.app);
    let guard = this.guards.get(schema);
    if (!guard) {
      guard = this.openGuard(schema, work);
      this.guards.set(schema, guard);
      guard.catch(() => this.guards.delete(schema));
    }
    return guard;
  }

  /**
   * The schemas holding a table of this name that this process looks after: in the app's database
   * the platform's (and any not a context's) and its hosted contexts'; and each hosted context on a
   * database of its own, where it has the table. Each schema is then reached through `for(schema)`.
   */
  async schemasWithTable(table: string): Promise<string[]> {
    const holding = `SELECT n.nspname AS schema FROM pg_catalog.pg_class c
       JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relname = $1 AND c.relkind IN ('r', 'p') AND ($2::text IS NULL OR n.nspname = $2)
       ORDER BY 1`;
    const hosted: string[] = this.config.hostedContexts;
    const own = this.ownDatabaseContexts();
    const inApp: { schema: string }[] = await this.app.query(holding, [table, null]);
    const schemas = inApp
      .map((row) => row.schema)
      .filter((schema) => !isContextName(schema) || (hosted.includes(schema) && !own.includes(schema)));
    for (const context of own) {
      const found: unknown[] = await this.for(context).query(holding, [table, context]);
      if (found.length > 0) schemas.push(context);
    }
    return schemas;
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

  /** The hosted contexts on a database of their own where a migration is not applied yet. */
  async withPendingMigrations(): Promise<string[]> {
    const pending: string[] = [];
    for (const context of this.ownDatabaseContexts())
      if (await this.for(context).showMigrations()) pending.push(context);
    return pending;
  }

  /** Opens `context`'s DataSource for its module (once per app; later calls share it). */
  async open(context: string, entities: ContextEntities): Promise<DataSource> {
    const existing = this.opened.get(context);
    if (existing) return existing;
    if (!isContextName(context)) throw new Error(`Not a context: ${context}`);
    const dataSource = new DataSource(
      this.optionsFor(context, entities, {
        applicationName: 'onesociety-api',
        poolSize: this.config.DATABASE_CONTEXT_POOL_SIZE,
      }),
    );
    this.opened.set(context, dataSource);
    try {
      await dataSource.initialize();
    } catch (error) {
      this.opened.delete(context);
      throw error;
    }
    return dataSource;
  }

  private optionsFor(
    context: ContextName,
    entities: ContextEntities,
    { applicationName, poolSize }: { applicationName: string; poolSize: number },
  ): DataSourceOptions {
    const ownUrl = this.config.contextDatabaseUrl(context);
    const options = dataSourceOptions({
      url: ownUrl ?? contextRoleUrl(this.adminUrl, context),
      poolSize,
      statementTimeoutMs: this.config.DATABASE_STATEMENT_TIMEOUT_MS,
      // Replicas hold the same roles (they are cluster-wide); a context on its own database has none here.
      replicaUrls: ownUrl ? [] : this.config.DATABASE_REPLICA_URLS.map((url) => contextRoleUrl(url, context)),
      applicationName,
      logErrors: this.config.LOG_LEVEL !== 'silent',
    });
    // A context on a database of its own can tell whether its migrations there are all applied.
    return { ...options, entities, migrations: ownUrl ? migrationsFor([context]) : [] };
  }

  private async openGuard(context: ContextName, work: DataSource): Promise<DataSource> {
    const guard = new DataSource(
      this.optionsFor(context, work.options.entities ?? [], {
        applicationName: 'onesociety-api-guard',
        poolSize: this.config.DATABASE_GUARD_POOL_SIZE,
      }),
    );
    await guard.initialize();
    this.guardsOpened.set(context, guard);
    return guard;
  }

  /** Every pool opened so far, named for metrics: `platform`, each context, `<context>-guard`. */
  pools(): { name: string; source: DataSource }[] {
    return [
      { name: 'platform', source: this.app },
      ...[...this.opened].map(([name, source]) => ({ name, source })),
      ...[...this.guardsOpened].map(([name, source]) => ({ name: `${name}-guard`, source })),
    ];
  }

  async onApplicationShutdown(): Promise<void> {
    const guards = await Promise.allSettled([...this.guards.values()]);
    this.guards.clear();
    this.guardsOpened.clear();
    const sources = [
      ...this.opened.values(),
      ...guards.flatMap((guard) => (guard.status === 'fulfilled' ? [guard.value] : [])),
    ];
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
