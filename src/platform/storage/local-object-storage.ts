import { randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isMediaKey } from './media-key';
import { ObjectStorage } from './object-storage';

export interface LocalObject {
  stream: ReadStream;
  size: number;
  modifiedAt: Date;
}

/**
 * Objects as files under `<DATA_DIR>/media`, served by the API itself (GET /media/<key>): what
 * `npm start` uses with no S3 settings. Writes go to a temporary file renamed into place, so a
 * reader never sees half an image, even when the process dies mid-write.
 */
export class LocalObjectStorage extends ObjectStorage {
  private readonly temporary: string;

  constructor(
    readonly root: string,
    private readonly publicUrl: string,
  ) {
    super();
    // A dot directory: no key can name it (keys have no leading dot), so it is never served.
    this.temporary = join(root, '.incoming');
  }

  async put(key: string, body: Buffer, _contentType: string): Promise<void> {
    const target = this.pathOf(key);
    await Promise.all([
      mkdir(dirname(target), { recursive: true }),
      mkdir(this.temporary, { recursive: true }),
    ]);
    const partial = join(this.temporary, `${randomUUID()}.part`);
    try {
      await writeFile(partial, body, { flag: 'wx' });
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
    // Empty owner directories go too, so a withdrawn image leaves nothing behind.
    const directories = new Set(keys.map((key) => dirname(this.pathOf(key))));
    await Promise.all([...directories].map((directory) => rmdir(directory).catch(() => undefined)));
  }

  async urlFor(key: string): Promise<string> {
    this.pathOf(key);
    return `${this.publicUrl}/${key}`;
  }

  /** The stored file, or undefined when no object has this key (or the key is not a valid one). */
  async open(key: string): Promise<LocalObject | undefined> {
    if (!isMediaKey(key)) return undefined;
    // Opened before it is measured, so a delete in between cannot break a response already begun.
    const handle = await open(join(this.root, key), 'r').catch(() => undefined);
    if (!handle) return undefined;
    const found = await handle.stat();
    if (!found.isFile()) {
      await handle.close();
      return undefined;
    }
    return { stream: handle.createReadStream(), size: found.size, modifiedAt: found.mtime };
  }

  private pathOf(key: string): string {
    if (!isMediaKey(key)) throw new Error(`Invalid object key: ${key}`);
    return join(this.root, key);
  }
}
