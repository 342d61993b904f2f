/** One fixed window's state after counting a hit. */
export interface WindowState {
  /** Hits in the current window, this one included. */
  count: number;
  /** When the window ends (epoch milliseconds). */
  resetsAt: number;
}

/**
 * Where rate-limit counters live. In memory for a single process; PostgreSQL or Redis when several
 * instances must share them (a limit is per user or IP, not per instance behind the load balancer).
 */
export interface RateLimitStore {
  /** Counts one hit against `key`, opening a new window of `windowSeconds` if none is open. */
  hit(key: string, windowSeconds: number): Promise<WindowState>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
  /**
   * The counters live in the application's own database: when it does not answer, the request
   * would wait on it again right after, so the limiter lets the failure through instead of the request.
   */
  readonly inAppDatabase?: boolean;
}
