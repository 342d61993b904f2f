import { qualifiedTable } from '../database/sql-identifiers';

/** The outbox and inbox tables of a context's schema (created by event-tables.migration.ts). */
export const outboxTable = (schema: string) => qualifiedTable(schema, 'outbox_events');
export const inboxTable = (schema: string) => qualifiedTable(schema, 'inbox_events');
