import { qualifiedTable } from '../database/sql-identifiers';

/** A context's Idempotency-Key store (its migration creates it; the service and the retention job use it). */
export const idempotencyTable = (schema: string) => qualifiedTable(schema, 'idempotency_keys');
