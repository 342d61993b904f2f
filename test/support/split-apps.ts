import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { connect } from 'nats';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import type { ContextName } from '../../src/platform/config/contexts';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import { contractHttp } from './contract-http';
import type { TestDatabase } from './test-database';
import { createTestDatabase } from './test-database';
import { TEST_ENV } from './test-app';
import { freePort } from './free-port';

const NATS_URL = 'nats://127.0.0.1:4222';
export const INTERNAL_SECRET = 'split-test-secret-that-is-at-least-32-chars';

/** One process of a split: the app, real HTTP to it, and its address for the others. */
export interface SplitProcess {
  contexts: ContextName[];
  app: NestFastifyApplication;
  http: ReturnType<typeof contractHttp>;
  db: DataSource;
  url: string;
  /** Stops the process (its port stays reserved for start()). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same settings. */
  start(): Promise<void>;
}

export interface Split {
  processes: SplitProcess[];
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * Several processes of the built application on one database, each hosting `groups[i]`, each told
 * where the others' contexts are served — a split deployment inside one test file.
 */
export async function createSplit(groups: ContextName[][], env: Record<string, string> = {}): Promise<Split> {
  const database = await createTestDatabase();
  // A stream of this file's own: the processes' durables must not see other files' (or runs') events.
  const id = randomBytes(4).toString('hex');
  const ports = await Promise.all(groups.map(() => freePort()));
  const urls = groups.flatMap((group, i) => group.map((c) => `${c}=http://127.0.0.1:${ports[i]}`)).join(',');
  const processes = groups.map((contexts, i) => {
    const config = () =>
      loadConfig({
        ...TEST_ENV,
        INTERNAL_API_SECRET: INTERNAL_SECRET,
        NATS_URL: NATS_URL,
        NATS_STREAM: `ONESOCIETY_SPLIT_${id}`,
        NATS_SUBJECT_PREFIX: `ossplit${id}`,
        EVENTS_RELAY_INTERVAL_MS: '0',
        ...env,
        CONTEXTS: contexts.join(','),
        CONTEXT_URLS: urls,
      });
    const process = { contexts, url: `http://127.0.0.1:${ports[i]}` } as SplitProcess;
    process.start = async () => {
      const app = await createApp(config(), database.url);
      await app.listen(ports[i], '127.0.0.1');
      process.app = app;
      process.http = contractHttp(app.getHttpServer());
      process.db = app.get(ContextDataSources).admin;
    };
    process.stop = () => process.app.close();
    return process;
  });
  for (const process of processes) await process.start();
  return {
    processes,
    database,
    close: async () => {
      for (const process of processes) await process.app.close().catch(() => undefined);
      await database.drop();
      const nc = await connect({ servers: NATS_URL }).catch(() => undefined);
      await (await nc?.jetstreamManager())?.streams.delete(`ONESOCIETY_SPLIT_${id}`).catch(() => undefined);
      await nc?.close();
    },
  };
}
