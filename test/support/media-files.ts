import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The keys of every file stored under `<dataDir>/media` (local storage), sorted. */
export function storedMediaFiles(dataDir: string): string[] {
  const root = join(dataDir, 'media');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1))
    .sort();
}
