import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImageIntake } from '../../src/platform/media/image-intake';
import { createTestApp, type TestApp } from '../support/test-app';

describe('platform: media intake and the local media route', () => {
  let t: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'media-e2e-'));
  beforeAll(async () => {
    t = await createTestApp({ DATA_DIR: dataDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves a stored variant', async () => {
    const input = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#a33' } })
      .jpeg()
      .toBuffer();
    const stored = await t.app.get(ImageIntake).store(input, 'smoke');
    const res = await t.http.get(`/media/${stored.variants.card.key}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    const missing = await t.http.get('/media/images/smoke/0000000000000000-card.webp');
    expect(missing.status).toBe(404);
    console.log(missing.body, res.headers);
  });
});
