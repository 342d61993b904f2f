import { Worker } from 'node:worker_threads';

interface Job {
  id: number;
  payload: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A fixed set of worker threads for CPU-heavy calls (password hashing), so the event loop keeps
 * serving other requests. The worker's code is given as source text: the same pool then works
 * from the CommonJS build and from the ESM test build, with no worker file to locate.
 * The source must define `handle(payload)`; `require` in it resolves from the working directory.
 *
 * `niceness` lowers the threads' CPU priority (Linux keeps one per thread): a thread off the event
 * loop still competes with it, and with PostgreSQL, for the same cores, and on a two-core box a
 * burst of logins doubled the p99 of every other request. Niced, the work runs on what the
 * requests leave; with nothing else to do it runs at full speed. Where a thread's priority cannot
 * be set (no /proc/thread-self), the threads run at the process's.
 */
export class CpuPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(handlerSource: string, size: number, niceness = 0) {
    const source = `
      const { parentPort } = require('node:worker_threads');
      try {
        const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
        if (${niceness} > 0) require('node:os').setPriority(tid, ${niceness});
      } catch {}
      ${handlerSource}
      parentPort.on('message', (job) => {
        try { parentPort.postMessage({ id: job.id, result: handle(job.payload) }); }
        catch (e) { parentPort.postMessage({ id: job.id, error: String(e && e.message || e) }); }
      });`;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(source, { eval: true });
      worker.unref();
      worker.on('message', (message: { result?: unknown; error?: string }) => this.settle(worker, message));
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run<T>(payload: unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, payload, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Stops the threads; work not yet finished is rejected rather than left hanging. */
  async destroy(): Promise<void> {
    const stopped = new Error('The worker pool was shut down');
    for (const job of [...this.queue.splice(0), ...this.running.values()]) job.reject(stopped);
    this.running.clear();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const job = this.queue.shift() as Job;
      this.running.set(worker, job);
      worker.postMessage({ id: job.id, payload: job.payload });
    }
  }

  private settle(worker: Worker, message: { result?: unknown; error?: string }): void {
    const job = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (job) {
      if (message.error !== undefined) job.reject(new Error(message.error));
      else job.resolve(message.result);
    }
    this.dispatch();
  }
}
