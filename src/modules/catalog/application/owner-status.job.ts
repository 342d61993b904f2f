import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { OwnerStatus } from './owner-status';

export const RECHECK_INACTIVE_OWNERS_JOB = 'catalog.recheck-inactive-owners';

/** Owners found inactive are asked about again every few minutes, so a reinstated owner's listings return. */
@Injectable()
export class OwnerStatusJob implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly owners: OwnerStatus,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RECHECK_INACTIVE_OWNERS_JOB,
      intervalMs: 5 * 60_000,
      run: (manager) => this.owners.recheckInactive(manager),
    });
  }
}
