/** See TrustApi.whoBlocked. */
export type BlockSide = 'nobody' | 'caller' | 'other';

/**
 * Trust's public API for other contexts. Inject it with `@Inject(TrustApi)`; in a split
 * deployment the same abstract class gets a remote implementation.
 */
export abstract class TrustApi {
  /** True when either user has blocked the other: nothing new may start between them. */
  abstract blockedBetween(a: string, b: string): Promise<boolean>;
  /**
   * Who blocked whom, as the caller may be told: `caller` when the caller blocked the other (they
   * know it, and may lift it), `other` when only the other blocked the caller (never say so: answer
   * as if what they asked for were unavailable), `nobody` otherwise.
   */
  abstract whoBlocked(callerId: string, otherId: string): Promise<BlockSide>;
  /** Everyone `userId` blocked or was blocked by, for filtering lists (search results, inbox). */
  abstract blockedWith(userId: string): Promise<string[]>;
  /**
   * True while a suspension or a ban stands against the user (trust's own record, so it holds from
   * the moment the moderator's decision committed, before any event reaches the other contexts).
   * Nothing new may start with them: a rental request, a conversation, a message.
   */
  abstract isRestricted(userId: string): Promise<boolean>;
}
