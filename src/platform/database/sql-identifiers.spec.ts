import { qualifiedTable, sqlIdentifier } from './sql-identifiers';

describe('SQL identifiers', () => {
  it('quotes a plain schema and keeps a plain table name', () => {
    expect(qualifiedTable('rental', 'outbox_events')).toBe('"rental".outbox_events');
  });

  it.each(['', 'Rental', 'rental"; DROP TABLE x; --', 'a.b', '1abc', 'with space'])('refuses %j', (name) => {
    expect(() => sqlIdentifier(name, 'schema')).toThrow(`Invalid schema name: ${name}`);
    expect(() => qualifiedTable('rental', name)).toThrow(`Invalid table name: ${name}`);
  });
});
