import { AppConfig } from '../../../platform/config/app-config';
import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import type { RentalStatus } from '../contracts/rental-api';
import { utcToday } from '../domain/calendar-date';
import type { RentalRow } from '../persistence/rental-row';
import { RENTAL_COLUMNS, toRentalRecord } from '../persistence/rental-row';
import { RentalTransitions } from './rental-transitions';

export const EXPIRE_REQUESTS_JOB = 'rental.expire-requests';
export const COMPLETE_RETURNED_JOB = 'rental.complete-returned';

const INTERVAL_MS = 60_000;
const BATCH = 500;

/**
 * The system's side of the lifecycle, run by the JobScheduler (one instance at a time under an
 * advisory lock, any number of instances running). Rows are also locked FOR UPDATE SKIP LOCKED,
 * and each move goes through the same versioned transition as a user's, so a renter cancelling
 * at the very moment a request expires leaves exactly one of the two outcomes.
 */
@Injectable()
export class RentalJobs implements OnModuleInit {
  constructor(
    private readonly scheduler: JobScheduler,
    private readonly transitions: RentalTransitions,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: EXPIRE_REQUESTS_JOB,
      context: 'rental',
      intervalMs: INTERVAL_MS,
      run: async (manager, now) => {
        await this.expireRequests(manager, now);
      },
    });
    this.scheduler.register({
      name: COMPLETE_RETURNED_JOB,
      context: 'rental',
      intervalMs: INTERVAL_MS,
      run: async (manager, now) => {
        await this.completeReturned(manager, now);
      },
    });
  }

  /** Requests the owner did not answer in time, or whose first day has passed. */
  async expireRequests(manager: EntityManager, now: Date): Promise<number> {
    const rows: RentalRow[] = await manager.query(
      `SELECT ${RENTAL_COLUMNS} FROM rental.rentals r
       WHERE r.status = 'requested' AND (r.respond_by <= $1 OR r.start_date < $2::date)
       ORDER BY r.respond_by LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [now, utcToday(now), BATCH],
    );
    return this.moveAll(manager, rows, 'expired', now);
  }

  /** Returned rentals whose inspection window has closed without the owner completing them. */
  async completeReturned(manager: EntityManager, now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.RENTAL_INSPECTION_WINDOW_HOURS * 3_600_000);
    const rows: RentalRow[] = await manager.query(
      `SELECT ${RENTAL_COLUMNS} FROM rental.rentals r
       WHERE r.status = 'returned' AND r.returned_at <= $1
       ORDER BY r.returned_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, BATCH],
    );
    return this.moveAll(manager, rows, 'completed', now);
  }

  private async moveAll(
    manager: EntityManager,
    rows: RentalRow[],
    to: RentalStatus,
    now: Date,
  ): Promise<number> {
    let moved = 0;
    for (const row of rows) {
      const rental = toRentalRecord(row);
      if (await this.transitions.apply(manager, rental, { to, actor: 'system', actorId: null }, {}, now))
        moved++;
    }
    return moved;
  }
}
