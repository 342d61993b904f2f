import { Global, Injectable, Module } from '@nestjs/common';

/** Why an account cannot be erased yet, as the 409 names it: `{ code: 'RENTAL.UNFINISHED', count: 2 }`. */
export interface ErasureBlocker {
  /** A stable code, prefixed by the context that reports it. */
  code: string;
  /** How many of the context's records stand in the way. */
  count: number;
  /** One sentence for the person: "2 rentals are not finished". */
  detail: string;
}

/**
 * What one context holds about a person, for GDPR access (art. 15, 20) and erasure (art. 17).
 * Each context that keeps personal data contributes one, through its own public API, and
 * registers it at module init; identity asks every contributor and never reads their tables.
 * Erasure itself travels as identity's UserDeleted event, which each context handles in its inbox.
 */
export interface PersonalDataContributor {
  /** The context's name, also the key of its section of an export: `rental`. */
  readonly context: string;
  /** What stops an erasure now (unfinished rentals, money held or owed, an open claim). */
  erasureBlockers?(userId: string): Promise<ErasureBlocker[]>;
  /** The person's data as plain JSON: what they wrote, what they booked, what they paid. */
  exportPersonalData?(userId: string): Promise<Record<string, unknown>>;
}

/** The contributors of this process. In a split deployment, remote ones register here too. */
@Injectable()
export class PersonalDataRegistry {
  private readonly contributors = new Map<string, PersonalDataContributor>();

  register(contributor: PersonalDataContributor): void {
    if (this.contributors.has(contributor.context))
      throw new Error(`Personal data of ${contributor.context} registered twice`);
    this.contributors.set(contributor.context, contributor);
  }

  all(): PersonalDataContributor[] {
    return [...this.contributors.values()].sort((a, b) => a.context.localeCompare(b.context));
  }

  async erasureBlockers(userId: string): Promise<ErasureBlocker[]> {
    const lists = await Promise.all(this.all().map((c) => c.erasureBlockers?.(userId) ?? []));
    return lists.flat();
  }
}

@Global()
@Module({ providers: [PersonalDataRegistry], exports: [PersonalDataRegistry] })
export class PrivacyModule {}
