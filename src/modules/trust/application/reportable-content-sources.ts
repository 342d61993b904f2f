import { Injectable } from '@nestjs/common';
import type {
  ReportableContent,
  ReportableContentSource,
  ReportableContentType,
} from '../contracts/reportable-content';
import { ReportableContentRegistry } from '../contracts/reportable-content';

/** The registered sources, one per content type; trust asks them when someone reports content. */
@Injectable()
export class ReportableContentSources extends ReportableContentRegistry {
  private readonly sources = new Map<ReportableContentType, ReportableContentSource>();

  register(type: ReportableContentType, source: ReportableContentSource): void {
    if (this.sources.has(type)) throw new Error(`A reportable content source for ${type} registered twice`);
    this.sources.set(type, source);
  }

  /** Null when the content does not exist or the reporter cannot see it. */
  describe(
    type: ReportableContentType,
    targetId: string,
    reporterId: string,
  ): Promise<ReportableContent | null> {
    const source = this.sources.get(type);
    // A context that hosts no source for the type (not deployed here): nothing can be reported.
    if (!source) throw new Error(`No reportable content source for ${type} is registered`);
    return source(targetId, reporterId);
  }
}
