import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Started by root, embedded PostgreSQL runs initdb and the server as an unprivileged `postgres`
 * user (PostgreSQL refuses to run as root). That user must traverse every directory above its data
 * and its binaries; root's home is usually mode 0700, so a project cloned there fails deep inside
 * initdb with "Permission denied". This finds the first directory in the way, so start-up can say
 * so in one line instead.
 */
export function directoryClosedToOthers(path: string): string | null {
  let current = resolve(path);
  for (;;) {
    const mode = modeOf(current);
    // Others need the search bit (x) on each existing directory from the root down.
    if (mode !== null && (mode & 0o001) === 0) return current;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

function modeOf(path: string): number | null {
  try {
    const stat = statSync(path);
    return stat.isDirectory() ? stat.mode : null;
  } catch {
    return null; // not created yet: its parents decide
  }
}

/** The one-line reason start-up gives when the `postgres` user cannot reach what it needs, or null. */
export function postgresUserBlockedBy(paths: string[]): string | null {
  for (const path of paths) {
    const closed = directoryClosedToOthers(path);
    if (closed) {
      return (
        `Embedded PostgreSQL runs as the unprivileged user "postgres" when started by root, and that user ` +
        `cannot enter ${closed} (no search permission for others) on the way to ${resolve(path)}: ` +
        `clone the project and set DATA_DIR outside it (for example under /srv or /opt), run as a normal ` +
        `user, or set DATABASE_URL to a PostgreSQL server.`
      );
    }
  }
  return null;
}
