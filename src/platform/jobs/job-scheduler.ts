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
 * in transaction mode), and an instance that does not get it skips that round.
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

  /** Runs a job now (tests, operators). Returns false when another instance holds it. */
  async runNow(name: string, now = new Date()): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`Unknown job ${name}`);
    const work = this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        `job:${name}`,
      ]);
      if (!locked) return false;
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
      this.runNow(job.name).catch((error: unknown) =>
        this.logger.warn(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, job.intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
