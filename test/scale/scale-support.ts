import { execFileSync } from 'node:child_process';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { contractHttp } from '../support/contract-http';
import type TestAgent from 'supertest/lib/agent';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/platform/config/app-config';
import { TEST_ENV } from '../support/test-app';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';

/** One app instance on a database it does not own: several of them share one database. */
export interface Instance {
  app: NestFastifyApplication;
  http: TestAgent;
  db: DataSource;
  close(): Promise<void>;
}

export async function startInstance(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Instance> {
  const config = loadConfig({ ...TEST_ENV, ...env });
  const app = await createApp(config, databaseUrl);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    http: contractHttp(app.getHttpServer()),
    db: app.get(ContextDataSources).admin,
    close: () => app.close(),
  };
}

/**
 * Whether something accepts TCP connections at host:port (services CI has, a laptop may not),
 * answered synchronously (a tiny child process), so a file can choose `describe` or
 * `describe.skip` while jest collects tests, with no top-level await.
 */
export function reachableSync(host: string, port: number, timeoutMs = 500): boolean {
  const probe = `const s = require('node:net').createConnection(${port}, ${JSON.stringify(host)});
    s.setTimeout(${timeoutMs}, () => process.exit(1)); s.on('connect', () => process.exit(0));
    s.on('error', () => process.exit(1));`;
  try {
    execFileSync(process.execPath, ['-e', probe], { stdio: 'ignore', timeout: timeoutMs + 2000 });
    return true;
  } catch {
    return false;
  }
}
