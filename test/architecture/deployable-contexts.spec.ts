import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_NAMES } from '../../src/platform/config/contexts';

// jest runs from the project root (rootDir); tests are ESM, so there is no __dirname.
const root = process.cwd();
const folders = readdirSync(join(root, 'src/modules'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/*
 * What lets any context leave the monolith by configuration: CONTEXTS knows every context, and each
 * one says what it offers across processes (its contracts, the callbacks it registers elsewhere).
 */
describe('architecture: every context can be deployed on its own', () => {
  it('CONTEXTS knows exactly the contexts under src/modules', () => {
    expect([...CONTEXT_NAMES].sort()).toEqual(folders);
  });

  it.each(folders)(
    '%s declares its remoting beside its contracts and exports it from index.ts',
    (context) => {
      const index = readFileSync(join(root, 'src/modules', context, 'index.ts'), 'utf8');
      expect(index).toContain(`${context.toUpperCase()}_REMOTING`);
      expect(readdirSync(join(root, 'src/modules', context, 'contracts'))).toContain(
        `${context}.remoting.ts`,
      );
    },
  );

  it.each(folders)('each contract %s exports is declared for remote use', (context) => {
    const contracts = join(root, 'src/modules', context, 'contracts');
    const remoting = readFileSync(join(contracts, `${context}.remoting.ts`), 'utf8');
    for (const file of readdirSync(contracts)) {
      const source = readFileSync(join(contracts, file), 'utf8');
      for (const [, name] of source.matchAll(/export abstract class (\w+)/g)) {
        // A registry other contexts plug callbacks into is declared as one (REPORTABLE_CONTENT_REGISTRY).
        const declared = new RegExp(`defineContract\\(${name}\\b|token: ${name}\\b`).test(remoting);
        expect({ context, contract: name, declared }).toEqual({ context, contract: name, declared: true });
      }
    }
  });
});
