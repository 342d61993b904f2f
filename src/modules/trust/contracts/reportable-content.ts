/**
 * What trust needs to know about a reported listing, message or review. Catalog, messaging and
 * review own that content and already depend on trust (they ask it about blocks), so trust cannot
 * call their APIs back without an import cycle: each of them registers a source for its own
 * content type instead (the PersonalDataRegistry pattern). In a split deployment a remote source
 * registers the same way.
 */
export type ReportableContentType = 'listing' | 'message' | 'review';

export interface ReportableContent {
  /** The person behind the content (the listing's owner, the message's sender, the review's author). */
  authorId: string;
  /** What the reporter sees now, kept with the report for the moderator whatever happens next. */
  snapshot: Record<string, unknown>;
  /**
   * Others the content concerns (a review's subject or the reviewed listing's owner, the people of
   * a conversation): like the author, they may not decide on its reports.
   */
  involvedIds?: string[];
}

/**
 * `describe` answers null when the content does not exist or the reporter cannot see it (another
 * couple's conversation, a draft listing of someone else): the report is then a 404, as reading it
 * would be. It never throws for an unknown id.
 */
export type ReportableContentSource = (
  targetId: string,
  reporterId: string,
) => Promise<ReportableContent | null>;

/** Registered at module init by each context that owns reportable content; one source per type. */
export abstract class ReportableContentRegistry {
  abstract register(type: ReportableContentType, source: ReportableContentSource): void;
}
