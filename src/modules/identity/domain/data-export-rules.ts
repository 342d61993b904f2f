/** What the database holds: being assembled, assembled (document kept until it expires), or given up. */
export type DataExportStatus = 'pending' | 'ready' | 'failed';
/** What the person sees: a ready export past its expiry is `expired`, whether or not the purge ran yet. */
export type DataExportViewStatus = DataExportStatus | 'expired';
export const DATA_EXPORT_VIEW_STATUSES: readonly DataExportViewStatus[] = [
  'pending',
  'ready',
  'failed',
  'expired',
];

export interface DataExportState {
  status: DataExportStatus;
  expiresAt: Date | null;
  hasDocument: boolean;
}

/**
 * An export still pending this long after the request was not going to be assembled (the relay gave
 * up on its event, or the process died with it): the purge job marks it failed, so that the person,
 * held back by the one-pending-export rule, can ask again. Generous: a busy relay may lag minutes.
 */
export const STALE_PENDING_MS = 60 * 60_000;

export function viewStatus(state: DataExportState, now: Date): DataExportViewStatus {
  if (state.status !== 'ready') return state.status;
  const expired = !state.hasDocument || (state.expiresAt !== null && state.expiresAt <= now);
  return expired ? 'expired' : 'ready';
}

export type DownloadDecision = 'download' | 'not_ready' | 'failed' | 'expired';

/** Whether the document can be handed out now, and if not, why (each reason is its own error). */
export function downloadDecision(state: DataExportState, now: Date): DownloadDecision {
  switch (viewStatus(state, now)) {
    case 'pending':
      return 'not_ready';
    case 'failed':
      return 'failed';
    case 'expired':
      return 'expired';
    case 'ready':
      return 'download';
  }
}

export const exportExpiry = (completedAt: Date, ttlDays: number): Date =>
  new Date(completedAt.getTime() + ttlDays * 86_400_000);

export const isStalePending = (requestedAt: Date, now: Date): boolean =>
  now.getTime() - requestedAt.getTime() >= STALE_PENDING_MS;

/** `onesociety-export-2026-12-04.json`, after the day (UTC) the document was generated. */
export const exportFileName = (generatedAt: Date): string =>
  `onesociety-export-${generatedAt.toISOString().slice(0, 10)}.json`;
