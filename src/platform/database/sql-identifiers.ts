const PLAIN = /^[a-z][a-z_]*$/;

/**
 * A schema, table or column name spliced into SQL (identifiers cannot be bind parameters): only
 * plain lower-case names pass, so nothing that reaches here can change the statement.
 */
export function sqlIdentifier(name: string, kind: 'schema' | 'table' | 'column' | 'role'): string {
  if (!PLAIN.test(name)) throw new Error(`Invalid ${kind} name: ${name}`);
  return name;
}

/** `"schema".table`, both checked. */
export const qualifiedTable = (schema: string, table: string) =>
  `"${sqlIdentifier(schema, 'schema')}".${sqlIdentifier(table, 'table')}`;
