import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { STALE_PENDING_MS } from '../domain/data-export-rules';

export const PURGE_DATA_EXPORTS_JOB = 'identity.purge-data-exports';

/**
 * A finished export holds a copy of everything about a person: past its expiry the document is
 * deleted (the row stays, as the record that the person asked and when). Exports still pending
 * after STALE_PENDING_MS are marked failed, so the one-pending-export rule does not lock the
 * person out of asking again when the assembly never ran.
 */
@Injectable()
export class DataExportPurgeJob implements OnModuleInit {
  constructor(private readonly scheduler: JobScheduler) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: PURGE_DATA_EXPORTS_JOB,
      context: 'identity',
      intervalMs: 15 * 60_000,
      run: (manager, now) => this.run(manager, now),
    });
  }

  async run(manager: EntityManager, now: Date): Promise<void> {
    await manager.query(
      `UPDATE identity.data_exports SET document = NULL, updated_at = now()
       WHERE document IS NOT NULL AND expires_at <= $1`,
      [now],
    );
    await manager.query(
      `UPDATE identity.data_exports
       SET status = 'failed', completed_at = $1, updated_at = now(),
           last_error = 'The export was not assembled in time'
       WHERE status = 'pending' AND requested_at <= $2`,
      [now, new Date(now.getTime() - STALE_PENDING_MS)],
    );
  }
}
