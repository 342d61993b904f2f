import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { runSeeds } from '../../../seeds';
import { ConfigError, loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { revertLastMigration, runMigrations } from './migrate';
import { provisionDatabase, withLocalSecrets } from './provision';

/**
 * Operator commands: `npm run migrate`, `npm run migrate:revert`, `npm run seed`. They use
 * DATABASE_URL, or the embedded PostgreSQL under DATA_DIR like `npm start`. Migrations take the same
 * advisory lock as the app's start, so they never run twice at once.
 */
async function main(command: string | undefined): Promise<void> {
  if (!command || !['migrate', 'revert', 'seed'].includes(command)) {
    throw new ConfigError('usage: cli.js migrate | revert | seed');
  }
  const config = withLocalSecrets(loadConfig(process.env));
  const database = await provisionDatabase(config);
  const settings = {
    url: database.url,
    poolSize: 2,
    statementTimeoutMs: 0,
    contexts: config.hostedContexts,
    contextUrls: config.contextDatabaseUrls,
  };
  try {
    if (command === 'migrate') {
      const applied = await runMigrations(settings);
      console.warn(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations');
    } else if (command === 'revert') {
      await revertLastMigration(settings);
      console.warn('Reverted the last migration');
    } else {
      const dataSource = await new DataSource(dataSourceOptions(settings)).initialize();
      try {
        const report = await runSeeds(dataSource, { bcryptCost: config.BCRYPT_COST });
        if (report.admin)
          console.warn(`Demo admin created: ${report.admin.email} / ${report.admin.password}`);
        console.warn('Seeds applied (idempotent)');
      } finally {
        await dataSource.destroy();
      }
    }
  } finally {
    await database.stop();
  }
}

main(process.argv[2]).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
