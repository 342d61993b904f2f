import { Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

interface Window {
  count: number;
  resetsAt: number;
}

/**
 * Fixed-window counters kept in this process. Good for one instance; several instances behind a
 * load balancer each count separately (a shared store is the scale-out step, see the README).
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  /** Counts one attempt against `key`; throws a rate_limited error once `limit` is exceeded. */
  consume(key: string, limit: number, windowSeconds: number, now = Date.now()): void {
    this.sweep(now);
    const current = this.windows.get(key);
    const window =
      current && current.resetsAt > now ? current : { count: 0, resetsAt: now + windowSeconds * 1000 };
    window.count += 1;
    this.windows.set(key, window);
    if (window.count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
      throw new DomainError('RATE_LIMITED', 'rate_limited', 'Too many attempts; try again later', {
        retryAfterSeconds,
      });
    }
  }

  reset(key: string): void {
    this.windows.delete(key);
  }

  private lastSweep = 0;
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
  }
}
