import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';

export interface JobDefinition {
  /** Unique, stable: also the advisory lock's key. */
  name: string;
  intervalMs: number;
  /** Runs inside one transaction that holds the job's lock. */
  run(manager: EntityManager, now: Date): Promise<void>;
}

/**
 * Periodic work that is safe with several instances: each run takes a transaction-scoped
 * advisory lock named after the job (pg_try_advisory_xact_lock, which also works behind PgBouncer
 * in transaction mode), and an instance that does not get it skips that round. The lock only stops
 * runs from overlapping: N instances whose timers tick out of phase would still run a job N times
 * per interval, so a scheduled run also claims its interval in `platform.job_runs` and skips when
 * another instance ran the job less than an interval ago. The claim commits or rolls back with the
 * job's own work, so a failed run is retried on the next tick.
 */
@Injectable()
export class JobScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobScheduler.name);
  private readonly jobs = new Map<string, JobDefinition>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private started = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  register(job: JobDefinition): void {
    if (this.jobs.has(job.name)) throw new Error(`Job ${job.name} registered twice`);
    this.jobs.set(job.name, job);
    if (this.started) this.start(job);
  }

  /** Runs a job now (tests, operators), however recently it ran. False when another instance holds it. */
  runNow(name: string, now = new Date()): Promise<boolean> {
    return this.run(name, now, false);
  }

  /** What each timer tick does: runs the job unless some instance already ran it this interval. */
  runIfDue(name: string, now = new Date()): Promise<boolean> {
    return this.run(name, now, true);
  }

  private async run(name: string, now: Date, onlyIfDue: boolean): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job ${name}`);
    const work = this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `job:${name}`,
      ]);
      if (!locked) return false;
      if (!(await this.claim(manager, job, onlyIfDue))) return false;
      await job.run(manager, now);
      return true;
    });
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /**
   * Records this run; when `onlyIfDue`, only if the last one began at least 90 % of an interval ago
   * (timers fire a little late or early, and a tick should not be lost to a few milliseconds).
   * Times come from the database's clock, the one clock all instances share (a job's `now` may be
   * moved by tests).
   */
  private async claim(manager: EntityManager, job: JobDefinition, onlyIfDue: boolean): Promise<boolean> {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO platform.job_runs AS r (name, last_run_at) VALUES ($1, now())
       ON CONFLICT (name) DO UPDATE SET last_run_at = EXCLUDED.last_run_at
       WHERE NOT $2 OR r.last_run_at <= EXCLUDED.last_run_at - make_interval(secs => $3)
       RETURNING 1`,
      [job.name, onlyIfDue, (job.intervalMs * 0.9) / 1000],
    );
    return claimed.length > 0;
  }

  onApplicationBootstrap(): void {
    this.started = this.config.JOBS_ENABLED;
    if (this.started) for (const job of this.jobs.values()) this.start(job);
  }

  async onApplicationShutdown(): Promise<void> {
    this.started = false;
    this.timers.forEach(clearInterval);
    await Promise.allSettled([...this.inFlight]);
  }

  private start(job: JobDefinition): void {
    const timer = setInterval(() => {
      this.runIfDue(job.name).catch((error: unknown) =>
        this.logger.warn(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, job.intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
