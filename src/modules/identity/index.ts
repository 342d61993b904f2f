// Identity owns users, their credentials and sessions, and their profiles.
// Other contexts get IdentityApi (public user views, is-active checks) and nothing else;
// they never see emails, phones or password hashes.
export { IdentityApi } from './contracts/identity-api';
export type { PublicUser, UserContact } from './contracts/identity-api';
export * from './contracts/identity.events';
export { IdentityModule } from './identity.module';
export { IDENTITY_REMOTING } from './contracts/identity.remoting';
