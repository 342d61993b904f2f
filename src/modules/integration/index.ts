// Integration owns the surface third parties build on: API clients and their scoped keys (stored
// hashed), the commit-ordered events feed and signed webhooks. Others get its events (a webhook
// endpoint disabled after failing); the platform's guard gets ApiKeyVerifier to check keys.
export * from './contracts/integration.events';
export { IntegrationModule } from './integration.module';
export { INTEGRATION_REMOTING } from './contracts/integration.remoting';
