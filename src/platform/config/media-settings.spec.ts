import 'reflect-metadata';
import { ConfigError, loadConfig } from './app-config';

const load = (env: Record<string, string>) => loadConfig({ NODE_ENV: 'test', ...env });

describe('media settings', () => {
  it('defaults: 10 MiB, 40 megapixels, 2 at once, local storage served by this process', () => {
    const config = load({ PORT: '4100' });
    expect(config).toMatchObject({
      UPLOAD_MAX_BYTES: 10 * 1024 * 1024,
      UPLOAD_MAX_PIXELS: 40_000_000,
      UPLOAD_CONCURRENCY: 2,
      MEDIA_PUBLIC_URL: 'http://localhost:4100/media',
      S3_REGION: 'us-east-1',
      S3_PRESIGN_SECONDS: 3600,
    });
    expect(config.S3_BUCKET).toBeUndefined();
    expect(config.S3_FORCE_PATH_STYLE).toBeUndefined();
  });

  it('takes a public URL without its trailing slash and reads booleans', () => {
    const config = load({ MEDIA_PUBLIC_URL: 'https://cdn.example/media/', S3_FORCE_PATH_STYLE: 'false' });
    expect(config.MEDIA_PUBLIC_URL).toBe('https://cdn.example/media');
    expect(config.S3_FORCE_PATH_STYLE).toBe(false);
  });

  it.each([
    ['UPLOAD_MAX_BYTES', { UPLOAD_MAX_BYTES: '0' }],
    ['UPLOAD_CONCURRENCY', { UPLOAD_CONCURRENCY: '0' }],
    ['UPLOAD_MAX_PIXELS', { UPLOAD_MAX_PIXELS: 'lots' }],
    ['MEDIA_PUBLIC_URL', { MEDIA_PUBLIC_URL: 'ftp://x' }],
    ['S3_BUCKET', { S3_BUCKET: 'Bad_Bucket' }],
    ['S3_ENDPOINT', { S3_ENDPOINT: 'not-a-url' }],
    ['S3_PRESIGN_SECONDS', { S3_PRESIGN_SECONDS: '604801' }],
    ['S3_SECRET_ACCESS_KEY', { S3_ACCESS_KEY_ID: 'AKIA0000' }],
  ])('refuses a bad %s, naming it', (name, env) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(name);
  });
});
