import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalObjectStorage } from './local-object-storage';
import { isMediaKey } from './media-key';

describe('LocalObjectStorage', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'local-storage-')), 'media');
  const storage = new LocalObjectStorage(root, 'http://localhost:3000/media');
  afterAll(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  const filesUnder = (dir: string) =>
    readdirSync(dir, { withFileTypes: true, recursive: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));

  it('writes through a temporary file renamed into place, leaving only the object', async () => {
    await storage.put('images/a1/0123456789abcdef-card.webp', Buffer.from('one'), 'image/webp');
    await storage.put('images/a1/0123456789abcdef-card.webp', Buffer.from('two'), 'image/webp');
    expect(filesUnder(root)).toEqual(['images/a1/0123456789abcdef-card.webp']);
    expect(readFileSync(join(root, 'images/a1/0123456789abcdef-card.webp'), 'utf8')).toBe('two');
    expect(await storage.urlFor('images/a1/0123456789abcdef-card.webp')).toBe(
      'http://localhost:3000/media/images/a1/0123456789abcdef-card.webp',
    );
  });

  it('opens stored objects with their size, and nothing else', async () => {
    const found = await storage.open('images/a1/0123456789abcdef-card.webp');
    expect(found?.size).toBe(3);
    found?.stream.destroy();
    expect(await storage.open('images/a1/ffffffffffffffff-card.webp')).toBeUndefined();
    expect(await storage.open('images/a1')).toBeUndefined();
    expect(await storage.open('../media/images/a1/0123456789abcdef-card.webp')).toBeUndefined();
  });

  it('deletes objects (missing ones are no error) and their emptied directory', async () => {
    await storage.delete(['images/a1/0123456789abcdef-card.webp', 'images/a1/0123456789abcdef-full.webp']);
    expect(filesUnder(root)).toEqual([]);
    expect(readdirSync(join(root, 'images'))).toEqual([]);
  });

  it('refuses keys that could leave the media directory', async () => {
    for (const key of [
      '../x.webp',
      'images/../../x.webp',
      '/etc/passwd',
      'a\\b.webp',
      'a/.b.webp',
      'a%2Fb.webp',
      'a//b.webp',
      '.incoming/x.part',
    ]) {
      expect({ key, valid: isMediaKey(key) }).toEqual({ key, valid: false });
      await expect(storage.put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow('Invalid object key');
    }
    expect(isMediaKey('images/3f6c2a9e-4b1d-4c8e-9a7f-2d5e8b1c0a4f/9b2f4c1d7e3a8b5c-thumbnail.webp')).toBe(
      true,
    );
  });
});
