/**
 * Runs at most `limit` tasks at once; the others wait in arrival order. Image work holds a decoded
 * picture in memory, so the bound is what keeps a burst of uploads from exhausting the process.
 * The counters are exposed so tests (and metrics) can see who waits without timing anything.
 */
export class WorkLimiter {
  private running = 0;
  private highest = 0;
  private readonly queue: (() => void)[] = [];
  private readonly watchers: { waiting: number; resolve: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`WorkLimiter limit must be >= 1: ${limit}`);
  }

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** The most tasks that ever ran at once. */
  get peak(): number {
    return this.highest;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  /** Resolves once at least `count` tasks are waiting (at once if they already are). */
  whenWaiting(count: number): Promise<void> {
    if (this.queue.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push({ waiting: count, resolve }));
  }

  private acquire(): Promise<void> {
    if (this.running < this.limit) {
      this.started();
      return Promise.resolve();
    }
    const turn = new Promise<void>((resolve) => this.queue.push(resolve));
    this.notifyWatchers();
    return turn;
  }

  private release(): void {
    this.running--;
    const next = this.queue.shift();
    if (next) {
      this.started();
      next();
    }
  }

  private started(): void {
    this.running++;
    this.highest = Math.max(this.highest, this.running);
  }

  private notifyWatchers(): void {
    for (let i = this.watchers.length - 1; i >= 0; i--) {
      if (this.queue.length < this.watchers[i].waiting) continue;
      this.watchers[i].resolve();
      this.watchers.splice(i, 1);
    }
  }
}
