/**
 * Trust's public API for other contexts. Inject it with `@Inject(TrustApi)`; in a split
 * deployment the same abstract class gets a remote implementation.
 */
export abstract class TrustApi {
  /** True when either user has blocked the other: nothing new may start between them. */
  abstract blockedBetween(a: string, b: string): Promise<boolean>;
  /** Everyone `userId` blocked or was blocked by, for filtering lists (search results, inbox). */
  abstract blockedWith(userId: string): Promise<string[]>;
  /**
   * True while a suspension or a ban stands against the user (trust's own record, so it holds from
   * the moment the moderator's decision committed, before any event reaches the other contexts).
   * Nothing new may start with them: a rental request, a conversation, a message.
   */
  abstract isRestricted(userId: string): Promise<boolean>;
}
