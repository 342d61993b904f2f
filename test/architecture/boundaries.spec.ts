import { findViolations, readSources } from './import-rules';

// jest runs from the project root (rootDir); tests are ESM, so there is no __dirname.
const root = process.cwd();

describe('architecture: module boundaries and layers', () => {
  it('holds for the whole source tree', () => {
    const files = readSources(root);
    expect(files.length).toBeGreaterThan(20);
    expect(findViolations(files)).toEqual([]);
  });

  it.each([
    [
      'src/modules/rental/application/x.ts',
      "import { UserEntity } from '../../identity/persistence/user.entity';",
      'internals',
    ],
    [
      'src/modules/rental/http/x.ts',
      "import { AuthService } from '../../identity/application/auth.service';",
      'internals',
    ],
    ['src/modules/catalog/domain/x.ts', "import { Injectable } from '@nestjs/common';", 'plain TypeScript'],
    [
      'src/modules/catalog/domain/x.ts',
      "import { Repo } from '../persistence/repo';",
      'domain/ must not import persistence/',
    ],
    ['src/modules/catalog/contracts/x.ts', "import { Svc } from '../application/svc';", 'contracts/'],
    [
      'src/modules/catalog/application/x.ts',
      "import { Dto } from '../http/dto';",
      'application/ must not import http/',
    ],
    ['src/platform/http/x.ts', "import { IdentityModule } from '../../modules/identity';", 'platform/'],
  ])('catches a planted violation in %s', (path, text, rule) => {
    const violations = findViolations([{ path, text }]);
    expect(violations).toHaveLength(1);
    expect(violations[0].rule).toContain(rule);
  });

  it('allows what the rules allow', () => {
    const allowed = [
      { path: 'src/modules/rental/application/x.ts', text: "import { CatalogApi } from '../../catalog';" },
      {
        path: 'src/modules/rental/application/y.ts',
        text: "import { CatalogApi } from '../../catalog/index';",
      },
      {
        path: 'src/modules/rental/domain/z.ts',
        text: "import { DomainError } from '../../../platform/errors/domain-error';",
      },
      { path: 'src/app.module.ts', text: "import { IdentityModule } from './modules/identity';" },
    ];
    expect(findViolations(allowed)).toEqual([]);
  });
});
