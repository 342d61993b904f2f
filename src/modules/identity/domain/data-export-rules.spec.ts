import type { DataExportState } from './data-export-rules';
import {
  downloadDecision,
  exportExpiry,
  exportFileName,
  isStalePending,
  viewStatus,
} from './data-export-rules';

describe('data export rules', () => {
  const now = new Date('2026-12-04T12:00:00.000Z');
  const ready = (expiresAt: string, hasDocument = true): DataExportState => ({
    status: 'ready',
    expiresAt: new Date(expiresAt),
    hasDocument,
  });

  it('hands out a ready document until the instant it expires', () => {
    expect(downloadDecision(ready('2026-12-04T12:00:00.001Z'), now)).toBe('download');
    expect(viewStatus(ready('2026-12-04T12:00:00.001Z'), now)).toBe('ready');
    expect(downloadDecision(ready('2026-12-04T12:00:00.000Z'), now)).toBe('expired');
    expect(viewStatus(ready('2026-12-04T11:00:00.000Z'), now)).toBe('expired');
  });

  it('treats a ready export whose document was purged as expired, whatever its date says', () => {
    expect(downloadDecision(ready('2026-12-10T00:00:00.000Z', false), now)).toBe('expired');
  });

  it('refuses pending and failed exports for their own reasons', () => {
    expect(downloadDecision({ status: 'pending', expiresAt: null, hasDocument: false }, now)).toBe(
      'not_ready',
    );
    expect(downloadDecision({ status: 'failed', expiresAt: null, hasDocument: false }, now)).toBe('failed');
    expect(viewStatus({ status: 'failed', expiresAt: null, hasDocument: false }, now)).toBe('failed');
  });

  it('expires DATA_EXPORT_TTL_DAYS after completion', () => {
    expect(exportExpiry(now, 7).toISOString()).toBe('2026-12-11T12:00:00.000Z');
  });

  it('calls a pending export stale after an hour', () => {
    expect(isStalePending(new Date('2026-12-04T11:00:00.001Z'), now)).toBe(false);
    expect(isStalePending(new Date('2026-12-04T11:00:00.000Z'), now)).toBe(true);
  });

  it('names the file after the UTC day of generation', () => {
    expect(exportFileName(new Date('2026-12-04T23:59:59.000Z'))).toBe('onesociety-export-2026-12-04.json');
  });
});
