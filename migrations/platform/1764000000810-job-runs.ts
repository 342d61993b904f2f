import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When each scheduled job last ran, whichever instance ran it. The advisory lock keeps two runs
 * from overlapping; this row keeps N instances, whose timers tick out of phase, from running the
 * job N times per interval.
 */
export class JobRuns1764000000810 implements MigrationInterface {
  name = 'JobRuns1764000000810';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.job_runs (
        name text NOT NULL,
        last_run_at timestamptz NOT NULL,
        CONSTRAINT pk_job_runs PRIMARY KEY (name)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE platform.job_runs');
  }
}
