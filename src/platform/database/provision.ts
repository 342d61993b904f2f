import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { loadOrCreateLocalSecrets } from '../config/local-secrets';
import { ensureDatabase, startEmbeddedPostgres } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'onesociety';

export interface ProvisionedDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL under DATA_DIR, kept across restarts. */
export async function provisionDatabase(config: AppConfig): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: async () => undefined };
  const secrets = loadOrCreateLocalSecrets(config.DATA_DIR);
  const server = await startEmbeddedPostgres({
    dataDir: join(config.DATA_DIR, 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    password: secrets.embeddedDatabasePassword,
    persistent: true,
    handleSignalsInApp: true,
  });
  await ensureDatabase(server.adminUrl, EMBEDDED_DATABASE_NAME);
  return { url: server.urlFor(EMBEDDED_DATABASE_NAME), embedded: true, stop: () => server.stop() };
}

/** Outside production a missing JWT secret is generated once and kept under DATA_DIR. */
export function withLocalSecrets(config: AppConfig): AppConfig {
  if (config.JWT_SECRET || config.isProduction) return config;
  config.JWT_SECRET = loadOrCreateLocalSecrets(config.DATA_DIR).jwtSecret;
  return config;
}
