import { IDENTITY_MIGRATIONS } from './identity';
import { PLATFORM_MIGRATIONS } from './platform';
import { CATALOG_MIGRATIONS } from './catalog';
import { RENTAL_MIGRATIONS } from './rental';
import { MESSAGING_MIGRATIONS } from './messaging';
import { REVIEW_MIGRATIONS } from './review';
import { PAYMENT_MIGRATIONS } from './payment';
import { SUBSCRIPTION_MIGRATIONS } from './subscription';
import { TRUST_MIGRATIONS } from './trust';
import { INTEGRATION_MIGRATIONS } from './integration';
import { NOTIFICATION_MIGRATIONS } from './notification';

/**
 * Each context's migrations, and the platform's (event tables, audit, mail...) that every process
 * applies. A process applies the platform's and those of the contexts it hosts, in this order.
 */
export const MIGRATIONS_BY_CONTEXT = {
  platform: PLATFORM_MIGRATIONS,
  identity: IDENTITY_MIGRATIONS,
  catalog: CATALOG_MIGRATIONS,
  rental: RENTAL_MIGRATIONS,
  messaging: MESSAGING_MIGRATIONS,
  review: REVIEW_MIGRATIONS,
  payment: PAYMENT_MIGRATIONS,
  subscription: SUBSCRIPTION_MIGRATIONS,
  trust: TRUST_MIGRATIONS,
  integration: INTEGRATION_MIGRATIONS,
  notification: NOTIFICATION_MIGRATIONS,
};

/** Every migration, in the order they apply (the monolith's). */
export const ALL_MIGRATIONS = Object.values(MIGRATIONS_BY_CONTEXT).flat();

/** The platform's migrations and those of `contexts`; every migration when `contexts` is omitted. */
export function migrationsFor(contexts?: readonly string[]): typeof ALL_MIGRATIONS {
  if (!contexts) return ALL_MIGRATIONS;
  return Object.entries(MIGRATIONS_BY_CONTEXT)
    .filter(([name]) => name === 'platform' || contexts.includes(name))
    .flatMap(([, list]) => list);
}
