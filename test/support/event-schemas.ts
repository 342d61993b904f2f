import type { DataSource } from 'typeorm';
import { createEventTables } from '../../src/platform/events/event-tables.migration';

/** Schemas of made-up contexts, each with the outbox and inbox tables a real context's migration creates. */
export async function createEventSchemas(db: DataSource, ...schemas: string[]): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    for (const schema of schemas) {
      await runner.query(`CREATE SCHEMA ${schema}`);
      await createEventTables(runner, schema);
    }
  } finally {
    await runner.release();
  }
}
