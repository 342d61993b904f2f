// Trust owns reports, moderation decisions (warnings, suspensions, bans, hidden listings, removed
// content) and blocks between users. Others get TrustApi (who blocked whom, who is suspended) and
// its events (UserSuspended, ListingHidden, ContentRemoved...), and act on their own data; the
// contexts that own reportable content register a source for it in ReportableContentRegistry.
export { TrustApi } from './contracts/trust-api';
export type { BlockSide } from './contracts/trust-api';
export { ReportableContentRegistry } from './contracts/reportable-content';
export type {
  ReportableContent,
  ReportableContentSource,
  ReportableContentType,
} from './contracts/reportable-content';
export * from './contracts/trust.events';
export { TrustModule } from './trust.module';
export { TRUST_REMOTING } from './contracts/trust.remoting';
export { REPORTABLE_CONTENT_REGISTRY } from './contracts/trust.remoting';
