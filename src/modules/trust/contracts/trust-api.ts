/**
 * Trust's public API for other contexts. Inject it with `@Inject(TrustApi)`; in a split
 * deployment the same abstract class gets a remote implementation.
 */
export abstract class TrustApi {
  /** True when either user has blocked the other: nothing new may start between them. */
  abstract blockedBetween(a: string, b: string): Promise<boolean>;
  /** Everyone `userId` blocked or was blocked by, for filtering lists (search results, inbox). */
  abstract blockedWith(userId: string): Promise<string[]>;
}
