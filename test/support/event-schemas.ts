import type { DataSource } from 'typeorm';
import {
  createEventRetentionIndexes,
  createEventTables,
} from '../../src/platform/events/event-tables.migration';

/** Schemas of made-up contexts, each with the outbox and inbox tables (and indexes) a real context's migrations create. */
export async function createEventSchemas(db: DataSource, ...schemas: string[]): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    for (const schema of schemas) {
      await runner.query(`CREATE SCHEMA ${schema}`);
      await createEventTables(runner, schema);
      await createEventRetentionIndexes(runner, schema);
    }
  } finally {
    await runner.release();
  }
}
