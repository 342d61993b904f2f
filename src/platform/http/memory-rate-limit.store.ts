import type { RateLimitStore, WindowState } from './rate-limit-store';

const SWEEP_EVERY_MS = 60_000;

/** Counters in this process: exact and free, but each instance counts on its own. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, WindowState>();
  private lastSweep = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  async hit(key: string, windowSeconds: number): Promise<WindowState> {
    const now = this.clock();
    this.sweep(now);
    const current = this.windows.get(key);
    const window =
      current && current.resetsAt > now ? current : { count: 0, resetsAt: now + windowSeconds * 1000 };
    window.count += 1;
    this.windows.set(key, window);
    return { ...window };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
