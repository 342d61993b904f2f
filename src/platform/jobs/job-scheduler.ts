import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { ContextName } from '../config/contexts';
import { ContextDataSources } from '../database/context-data-sources';

export interface JobDefinition {
  /** Unique, stable: also the advisory lock's key. */
  name: string;
  /**
   * Whose connection runs the job: a context's (its role, its database), or the platform's (the
   * admin's), for the platform's own schemas and for work it spreads over contexts' connections.
   */
  context: ContextName | 'platform';
  intervalMs: number;
  /** Runs inside one transaction, on the job's context's connection, while the job's lock is held. */
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
 * The lock and the claim are the platform's (the admin's connection, which every instance and
 * process shares); a context's job then runs in a transaction on that context's guard pool (see
 * ContextDataSources.guardFor: some jobs hold it open while they work on other connections of the
 * context), committed just before the claim. Were the claim's commit lost after the job's, the job
 * would run again on the next tick, as after a crash: jobs are sweeps that find what is still due.
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
    private readonly sources: ContextDataSources,
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
      if (job.context === 'platform') {
        await job.run(manager, now);
        return true;
      }
      // Idle while the job runs elsewhere; the job's own transaction has the pool's usual limit
      // (2 × the statement timeout) unless it raises it, as jobs calling Stripe do.
      await manager.query(`SET LOCAL idle_in_transaction_session_timeout = '10min'`);
      const source = await this.sources.guardFor(job.context);
      await source.transaction((jobManager) => job.run(jobManager, now));
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
