import { existsSync } from 'node:fs';
import { getPriority } from 'node:os';
import { CpuPool } from './cpu-pool';

// Each job answers with the niceness of the thread that ran it (field 19 of its /proc stat line).
const NICENESS_OF_THREAD = `
  function handle() {
    const stat = require('node:fs').readFileSync('/proc/thread-self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  }`;
const perThreadPriorities = existsSync('/proc/thread-self');

describe('CpuPool', () => {
  const pools: CpuPool[] = [];
  const pool = (source: string, size: number, niceness?: number) => {
    const created = new CpuPool(source, size, niceness);
    pools.push(created);
    return created;
  };
  afterAll(() => Promise.all(pools.map((p) => p.destroy())));

  it('runs jobs on its threads and hands back each answer, or the error it threw', async () => {
    const doubling = pool('function handle(n) { if (n < 0) throw new Error("negative"); return n * 2; }', 2);
    expect(await Promise.all([1, 2, 3, 4, 5].map((n) => doubling.run<number>(n)))).toEqual([2, 4, 6, 8, 10]);
    await expect(doubling.run(-1)).rejects.toThrow('negative');
  });

  it('runs its threads at the niceness it is given, below the event loop, where Linux allows it', async () => {
    const process = getPriority();
    if (!perThreadPriorities) {
      expect(await pool('function handle() { return 1; }', 1, 10).run<number>(null)).toBe(1);
      return;
    }
    const niced = pool(NICENESS_OF_THREAD, 2, 10);
    // Raising niceness needs no privilege; the threads never end up above the process itself.
    expect(await Promise.all([niced.run<number>(null), niced.run<number>(null)])).toEqual([
      Math.max(10, process),
      Math.max(10, process),
    ]);
    expect(await pool(NICENESS_OF_THREAD, 1).run<number>(null)).toBe(process);
    // The niceness is the threads' own: the event loop's thread keeps the process's.
    expect(getPriority()).toBe(process);
  });

  it('rejects the jobs it still holds when destroyed', async () => {
    const slow = new CpuPool(
      'function handle() { const end = Date.now() + 200; while (Date.now() < end); }',
      1,
    );
    const outcomes = [slow.run(null), slow.run(null)].map((job) =>
      job.then(
        () => 'finished',
        (error: Error) => error.message,
      ),
    );
    await slow.destroy();
    expect(await Promise.all(outcomes)).toEqual(Array(2).fill('The worker pool was shut down'));
  });
});
