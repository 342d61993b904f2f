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

/** Every migration, in the order they apply. Each context lists its own in its folder. */
export const ALL_MIGRATIONS = [
  ...PLATFORM_MIGRATIONS,
  ...IDENTITY_MIGRATIONS,
  ...CATALOG_MIGRATIONS,
  ...RENTAL_MIGRATIONS,
  ...MESSAGING_MIGRATIONS,
  ...REVIEW_MIGRATIONS,
  ...PAYMENT_MIGRATIONS,
  ...SUBSCRIPTION_MIGRATIONS,
  ...TRUST_MIGRATIONS,
  ...INTEGRATION_MIGRATIONS,
  ...NOTIFICATION_MIGRATIONS,
];
