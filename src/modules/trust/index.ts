// Trust owns reports, moderation decisions (warnings, suspensions, bans, hidden listings, removed
// content) and blocks between users. Others get TrustApi (who blocked whom) and its events
// (UserSuspended, ListingHidden, ContentRemoved...), and act on their own data.
export { TrustApi } from './contracts/trust-api';
export * from './contracts/trust.events';
export { TrustModule } from './trust.module';
