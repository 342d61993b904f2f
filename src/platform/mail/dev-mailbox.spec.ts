import type { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { DomainError } from '../errors/domain-error';
import { DevMailbox } from './dev-mailbox';

const JWT_SECRET = 'a-production-secret-that-is-long-enough-for-hs256';

describe('development mailbox switch', () => {
  it('is forced off in production, whatever DEV_MAILBOX_ENABLED says', () => {
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET, DEV_MAILBOX_ENABLED: 'true' }).DEV_MAILBOX_ENABLED,
    ).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).DEV_MAILBOX_ENABLED).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DEV_MAILBOX_ENABLED: 'false' }).DEV_MAILBOX_ENABLED).toBe(false);
  });

  it('answers not_found without reading the database when off', async () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET });
    const untouched = {
      query: () => {
        throw new Error('the mailbox read the database');
      },
    } as unknown as DataSource;
    const mailbox = new DevMailbox(untouched, config);
    await expect(mailbox.list({ limit: 20 })).rejects.toMatchObject({
      constructor: DomainError,
      kind: 'not_found',
      code: 'MAIL.MAILBOX_DISABLED',
    });
  });
});
