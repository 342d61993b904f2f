import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { ContextDataSources } from '../../src/platform/database/context-data-sources';
import type { TestApp } from './test-app';

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}

/**
 * Records every statement the app sends from now on, as TypeORM's loggers see them: the platform's
 * on the app's DataSource and each context's on its own (each context has its database role).
 */
export function recordStatements(t: TestApp, into: RecordedStatement[] = []): RecordedStatement[] {
  const sources = t.app.get(ContextDataSources);
  for (const source of new Set([t.db, ...CONTEXT_NAMES.map((context) => sources.for(context))])) {
    const logger = source.logger;
    const original = logger.logQuery.bind(logger);
    logger.logQuery = (sql: string, params?: unknown[], runner?: never) => {
      into.push({ sql, params: params ?? [] });
      return original(sql, params, runner);
    };
  }
  return into;
}
