import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runSeeds } from '../seeds';
import { API_PREFIX, createApp } from './app.factory';
import type { AppConfig } from './platform/config/app-config';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { dataSourceOptions } from './platform/database/data-source-options';
import { createRootLogger } from './platform/logging/logger';
import { runMigrations } from './platform/database/migrate';
import { provisionDatabase, withLocalSecrets } from './platform/database/provision';

async function seedDemoData(config: AppConfig, url: string): Promise<void> {
  const dataSource = await new DataSource(
    dataSourceOptions({ url, poolSize: 2, statementTimeoutMs: 60_000 }),
  ).initialize();
  try {
    const report = await runSeeds(dataSource, { bcryptCost: config.BCRYPT_COST });
    if (report.admin) {
      // A one-time banner for the developer at the terminal, deliberately not a log line:
      // credentials must never reach the structured logs that are shipped elsewhere.
      console.warn(
        `\n  Demo admin created (shown only now): ${report.admin.email} / ${report.admin.password}\n`,
      );
    }
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = withLocalSecrets(loadConfig(process.env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }

  const logger = createRootLogger(config);
  const database = await provisionDatabase(config);
  if (database.embedded)
    logger.info(
      `Embedded PostgreSQL running on port ${config.EMBEDDED_PG_PORT} (data in ${config.DATA_DIR})`,
    );
  const applied = await runMigrations({
    url: database.url,
    poolSize: 2,
    statementTimeoutMs: 0,
    contexts: config.hostedContexts,
    contextUrls: config.contextDatabaseUrls,
  });
  if (applied.length > 0) logger.info(`Applied ${applied.length} migration(s)`);
  if (config.SEED_DEMO_DATA) await seedDemoData(config, database.url);

  const app = await createApp(config, database.url);
  await app.listen(config.PORT, config.HOST);
  const base = `http://localhost:${config.PORT}`;
  logger.info(`API on ${base}/${API_PREFIX} · docs on ${base}/docs (OpenAPI at ${base}/docs-json)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received: finishing in-flight requests, then stopping`);
    try {
      await app.close();
      await database.stop();
      logger.flush();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
