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

/** What stops an erasure now (unfinished rentals, money held or owed, an open claim). */
export type ErasureBlockerSource = (userId: string) => Promise<ErasureBlocker[]>;
/** The person's data as plain JSON: what they wrote, what they booked, what they paid. */
export type PersonalDataExporter = (userId: string) => Promise<Record<string, unknown>>;

/**
 * What each context holds about a person, for GDPR access (art. 15, 20) and erasure (art. 17).
 * Each context that keeps personal data registers, at module init, a blocker source and an
 * exporter built on its own public API; identity asks them all and never reads their tables.
 * Erasure itself travels as identity's UserDeleted event, which each context handles in its inbox.
 * In a split deployment, remote sources register here the same way.
 */
@Injectable()
export class PersonalDataRegistry {
  private readonly blockers = new Map<string, ErasureBlockerSource>();
  private readonly exporters = new Map<string, PersonalDataExporter>();

  registerErasureBlockers(context: string, source: ErasureBlockerSource): void {
    if (this.blockers.has(context)) throw new Error(`Erasure blockers of ${context} registered twice`);
    this.blockers.set(context, source);
  }

  /** `context` is also the key of its section in an export document. */
  registerExporter(context: string, exporter: PersonalDataExporter): void {
    if (this.exporters.has(context)) throw new Error(`Personal data exporter of ${context} registered twice`);
    this.exporters.set(context, exporter);
  }

  /** The source `context` registered (served to the process of identity when split apart). */
  erasureBlockersOf(context: string): ErasureBlockerSource | undefined {
    return this.blockers.get(context);
  }

  exporterOf(context: string): PersonalDataExporter | undefined {
    return this.exporters.get(context);
  }

  async erasureBlockers(userId: string): Promise<ErasureBlocker[]> {
    const lists = await Promise.all([...this.blockers.values()].map((source) => source(userId)));
    return lists.flat();
  }

  /**
   * Every context's section, in context order: `{ catalog: {...}, rental: {...} }`. One context
   * after the other: assembly runs inside the relay's delivery, and asking all of them at once took
   * a dozen pooled connections for one person's export.
   */
  async exportAll(userId: string): Promise<Record<string, Record<string, unknown>>> {
    const document: Record<string, Record<string, unknown>> = {};
    for (const context of [...this.exporters.keys()].sort())
      document[context] = await (this.exporters.get(context) as PersonalDataExporter)(userId);
    return document;
  }
}

@Global()
@Module({ providers: [PersonalDataRegistry], exports: [PersonalDataRegistry] })
export class PrivacyModule {}
