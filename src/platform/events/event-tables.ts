/** The outbox and inbox tables of a context's schema (created by event-tables.migration.ts). */
const SCHEMA = /^[a-z][a-z_]*$/;

export const outboxTable = (schema: string) => {
  if (!SCHEMA.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}".outbox_events`;
};
export const inboxTable = (schema: string) => {
  if (!SCHEMA.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}".inbox_events`;
};
