import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface SourceFile {
  /** Path relative to the project root, with forward slashes. */
  path: string;
  text: string;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

const IMPORT =
  /(?:import|export)\s(?:type\s)?[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function readSources(root: string, dir = 'src'): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs)) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.ts'))
        out.push({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') });
    }
  };
  walk(join(root, dir));
  return out;
}

/** Where a file sits: its module (context) and layer, or platform. */
function locate(path: string): { module?: string; layer?: string; platform: boolean } {
  const parts = path.split('/');
  if (parts[0] === 'src' && parts[1] === 'modules' && parts.length > 3)
    return { module: parts[2], layer: parts[3], platform: false };
  if (parts[0] === 'src' && parts[1] === 'modules') return { module: parts[2], platform: false };
  return { platform: parts[0] === 'src' && parts[1] === 'platform' };
}

/**
 * The house rules of ../shared/ARCHITECTURE.md, checked on the import graph:
 * modules meet only at each other's index.ts; domain is plain TypeScript; contracts depend on
 * nothing internal; application never reaches into http; platform knows no module.
 */
export function findViolations(files: SourceFile[]): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const from = locate(file.path);
    for (const match of file.text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const add = (rule: string) => violations.push({ file: file.path, imports: spec, rule });
      if (
        from.layer === 'domain' &&
        /^(@nestjs\/|typeorm$|typeorm\/|class-validator|@nestjs\/swagger)/.test(spec)
      ) {
        add('domain/ is plain TypeScript: no Nest, TypeORM or validation libraries');
      }
      if (!spec.startsWith('.')) continue;
      const target = relative(resolve('/'), resolve('/', dirname(file.path), spec))
        .split(sep)
        .join('/');
      const to = locate(target);
      if (from.platform && to.module) add('platform/ must not import a module');
      if (from.module && to.module && from.module !== to.module) {
        const entry = `src/modules/${to.module}`;
        if (target !== entry && target !== `${entry}/index` && target !== `${entry}/index.ts`) {
          add(`another module's internals: import only src/modules/${to.module}/index.ts`);
        }
      }
      if (from.module && to.module === from.module) {
        if (from.layer === 'domain' && ['application', 'persistence', 'http'].includes(to.layer ?? '')) {
          add(`domain/ must not import ${to.layer}/`);
        }
        if (from.layer === 'contracts' && to.layer !== 'contracts')
          add('contracts/ must not import module internals');
        if (from.layer === 'application' && to.layer === 'http') add('application/ must not import http/');
      }
    }
  }
  return violations;
}
