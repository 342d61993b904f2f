import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { UserEntity } from '../../src/modules/identity/persistence/user.entity';

const modulesDir = resolve(process.cwd(), 'src/modules');

export function entitySchemaViolations(
  entries: { module: string; file: string; exports: Record<string, unknown> }[],
): string[] {
  const tables = getMetadataArgsStorage().tables;
  const problems: string[] = [];
  for (const { module, file, exports } of entries) {
    for (const [name, value] of Object.entries(exports)) {
      const table = tables.find((t) => t.target === value);
      if (table && table.schema !== module) {
        problems.push(`${file}: ${name} lives in schema '${table.schema ?? 'public'}', not '${module}'`);
      }
    }
  }
  return problems;
}

describe('architecture: each module keeps its entities in its own schema', () => {
  it('holds for every entity file under src/modules/*/persistence', async () => {
    const entries = [];
    for (const module of readdirSync(modulesDir)) {
      const dir = join(modulesDir, module, 'persistence');
      let files: string[] = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.entity.ts'));
      } catch {
        continue;
      }
      for (const file of files) entries.push({ module, file, exports: await import(join(dir, file)) });
    }
    expect(entries.length).toBeGreaterThan(0);
    expect(entitySchemaViolations(entries)).toEqual([]);
  });

  it('catches a planted entity in another schema', () => {
    expect(
      entitySchemaViolations([{ module: 'catalog', file: 'planted.entity.ts', exports: { UserEntity } }]),
    ).toEqual(["planted.entity.ts: UserEntity lives in schema 'identity', not 'catalog'"]);
  });
});
