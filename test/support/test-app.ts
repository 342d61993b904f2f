import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { type AppOptions, createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import { contractHttp } from './contract-http';
import type { TestDatabase } from './test-database';
import { createTestDatabase } from './test-database';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';

export interface TestApp {
  app: NestFastifyApplication;
  /** Real HTTP through the app; every answer is checked against the OpenAPI document. */
  http: TestAgent;
  /** The app's own DataSource, for asserting what the database holds. */
  db: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-signing',
  BCRYPT_COST: '4',
  LOG_LEVEL: 'silent',
  SEED_DEMO_DATA: 'false',
  AUTH_RATE_LIMIT_PER_IP: '1000',
  AUTH_RATE_LIMIT_PER_ACCOUNT: '1000',
  // Most tests list many products per owner; test/subscription/listing-limit turns limits on.
  SUBSCRIPTION_LIMITS_ENFORCED: 'false',
  // Most tests list and rent right after signup; test/identity/email-verification turns it on.
  IDENTITY_REQUIRE_VERIFIED_EMAIL: 'false',
  // Most tests book right after listing; test/payment/connect-onboarding turns payout onboarding on.
  PAYOUTS_REQUIRE_ONBOARDING: 'false',
};

/** Boots the real application on this file's own database. */
export async function createTestApp(
  env: Record<string, string> = {},
  options: AppOptions = {},
  /** A database the test prepared itself (e.g. migrated with a context elsewhere); dropped on close. */
  prepared?: TestDatabase,
): Promise<TestApp> {
  const database = prepared ?? (await createTestDatabase());
  const config = loadConfig({ ...TEST_ENV, ...env });
  const app = await createApp(config, database.url, options);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get(ContextDataSources).admin;
  return {
    app,
    http: contractHttp(app.getHttpServer()),
    db,
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
