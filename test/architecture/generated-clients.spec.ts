import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { format, resolveConfig } from 'prettier';

// jest runs from the project root (rootDir); tests are ESM, so there is no __dirname.
const root = process.cwd();
const bin = (path: string) => join(root, 'node_modules', path);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** The files of `committed` that differ from `fresh`, plus those only one of the two folders has. */
function drift(fresh: string, committed: string): string[] {
  const names = [...new Set([...filesUnder(fresh), ...filesUnder(committed)])].sort();
  return names.filter((name) => {
    try {
      return readFileSync(join(fresh, name), 'utf8') !== readFileSync(join(committed, name), 'utf8');
    } catch {
      return true;
    }
  });
}

/** The first line where two texts part, or null when they are the same. */
function firstDifference(fresh: string, committed: string): string | null {
  if (fresh === committed) return null;
  const [a, b] = [fresh.split('\n'), committed.split('\n')];
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line === -1 ? a.length : line;
  return `line ${at + 1}: generated ${JSON.stringify(a[at])}, committed ${JSON.stringify(b[at])}`;
}

/**
 * Both clients are generated from openapi.json and committed. If the document changes and nobody
 * reruns `npm run client`, the clients would describe an API that no longer exists; this regenerates
 * them into a scratch folder, with the same tools and settings, and compares.
 */
describe('generated clients match openapi.json', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'onesociety-clients-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('clients/zod/src is what `npm run client:zod` generates', () => {
    const output = join(scratch, 'zod');
    execFileSync(
      process.execPath,
      [bin('@hey-api/openapi-ts/bin/run.js'), '-f', join(root, 'clients/zod/openapi-ts.config.mjs')],
      { cwd: root, env: { ...process.env, ZOD_CLIENT_OUTPUT: output }, stdio: 'pipe' },
    );
    expect(filesUnder(output)).toContain('zod.gen.ts');
    expect(drift(output, join(root, 'clients/zod/src'))).toEqual([]);
  });

  it('clients/typescript/src/schema.d.ts is what `npm run client` generates', async () => {
    const committed = join(root, 'clients/typescript/src/schema.d.ts');
    const output = join(scratch, 'schema.d.ts');
    execFileSync(
      process.execPath,
      [bin('openapi-typescript/bin/cli.js'), join(root, 'openapi.json'), '-o', output],
      { cwd: root, stdio: 'pipe' },
    );
    const options = { ...(await resolveConfig(committed)), filepath: committed };
    const fresh = await format(readFileSync(output, 'utf8'), options);
    expect(firstDifference(fresh, readFileSync(committed, 'utf8'))).toBeNull();
  });
});
