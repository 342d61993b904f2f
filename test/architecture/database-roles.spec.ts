import { CONTEXT_NAMES } from '../../src/platform/config/contexts';
import { readSources, type SourceFile } from './import-rules';

const root = process.cwd();

/** SQL (upper-case keywords, as written here) naming another context's table: `FROM catalog.products`, `JOIN "rental".holds`, `INTO review.x`. */
function crossSchemaSql(files: SourceFile[]): { file: string; reaches: string }[] {
  const found: { file: string; reaches: string }[] = [];
  for (const { path, text } of files) {
    const owner = path.split('/')[2];
    if (!path.startsWith('src/modules/') || !CONTEXT_NAMES.includes(owner as never)) continue;
    const others = CONTEXT_NAMES.filter((name) => name !== owner).join('|');
    const pattern = new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+"?(${others})"?\\.\\w+`, 'g');
    for (const match of text.matchAll(pattern)) found.push({ file: path, reaches: match[0] });
  }
  return found;
}

/**
 * The rule the database enforces (test/architecture/database-roles.e2e-spec.ts), caught before a
 * query runs: a context reaches another through its contract, never through SQL on its tables.
 * Platform code (the relay, retention, the audit log) works across schemas as the admin and is
 * not subject to it.
 */
describe('architecture: no context writes SQL against another context’s schema', () => {
  it('holds for the whole source tree', () => {
    const files = readSources(root);
    expect(files.length).toBeGreaterThan(20);
    expect(crossSchemaSql(files)).toEqual([]);
  });

  it.each([
    ['src/modules/review/application/x.ts', 'await q(`SELECT id FROM catalog.products WHERE id = $1`)'],
    ['src/modules/rental/persistence/x.ts', 'manager.query(\'UPDATE "identity".users SET status = 1\')'],
    ['src/modules/payment/application/x.ts', 'LEFT JOIN rental.rentals r ON r.id = p.rental_id'],
  ])('catches a planted cross-schema statement in %s', (path, text) => {
    expect(crossSchemaSql([{ path, text }])).toHaveLength(1);
  });

  it('allows a context’s own schema and the platform’s', () => {
    const allowed = [
      { path: 'src/modules/review/application/x.ts', text: 'SELECT id FROM review.product_reviews' },
      { path: 'src/modules/identity/application/x.ts', text: 'SELECT action FROM audit.entries' },
      { path: 'src/platform/events/x.ts', text: 'SELECT id FROM catalog.outbox_events' },
      { path: 'src/modules/notification/application/x.ts', text: 'from rental.accepted events' },
    ];
    expect(crossSchemaSql(allowed)).toEqual([]);
  });
});
