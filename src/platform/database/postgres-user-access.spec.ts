import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryClosedToOthers, postgresUserBlockedBy } from './postgres-user-access';

describe('what the postgres user can reach', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'pg-access-'));
    mkdirSync(join(home, 'project', '.data'), { recursive: true });
  });
  afterEach(() => {
    chmodSync(home, 0o755);
    rmSync(home, { recursive: true, force: true });
  });

  it('finds a 0700 home above the data directory, even one that does not exist yet', () => {
    chmodSync(home, 0o700);
    expect(directoryClosedToOthers(join(home, 'project', '.data', 'postgres'))).toBe(home);
    expect(postgresUserBlockedBy([join(home, 'project', '.data', 'postgres')])).toMatch(
      new RegExp(
        `^Embedded PostgreSQL runs as the unprivileged user "postgres".*cannot enter ${home} .*DATABASE_URL`,
      ),
    );
  });

  it('lets a path through when every directory above it is searchable by others', () => {
    chmodSync(home, 0o711);
    expect(directoryClosedToOthers(join(home, 'project', '.data', 'postgres'))).toBeNull();
    expect(postgresUserBlockedBy([join(home, 'project', '.data')])).toBeNull();
  });

  it('names the deepest closed directory first met from the path up', () => {
    chmodSync(join(home, 'project'), 0o700);
    expect(directoryClosedToOthers(join(home, 'project', '.data'))).toBe(join(home, 'project'));
    chmodSync(join(home, 'project'), 0o755);
  });
});
