import Redis from 'ioredis';
import type { RateLimitStore, WindowState } from './rate-limit-store';

// INCR and the expiry of a new window in one atomic step; PTTL tells when the window ends.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/** Counters in Redis, shared by every instance; Redis expires finished windows itself. */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly redis: Redis;

  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // Fail fast rather than queue: a request must not hang while Redis is away.
    this.redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 1000, connectTimeout: 2000 });
    this.redis.on('error', () => undefined);
    // Sent once, then run by its SHA (EVALSHA): no script text on every hit.
    this.redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT });
  }

  async hit(key: string, windowSeconds: number): Promise<WindowState> {
    const hit = (
      this.redis as unknown as Record<string, (key: string, ms: number) => Promise<[number, number]>>
    ).rateLimitHit;
    const [count, ttl] = await hit.call(this.redis, this.prefix + key, windowSeconds * 1000);
    return { count, resetsAt: Date.now() + ttl };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    // quit() waits for pending replies; with no connection there is nothing to wait for.
    if (this.redis.status === 'ready') await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}
