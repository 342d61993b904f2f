import { ACCOUNT } from './account';
import { IDENTITY_CATALOG } from './identity-catalog';
import { INTEGRATION } from './integration';
import { MESSAGING_REVIEW_SUBSCRIPTION } from './messaging-review-subscription';
import { MODERATION } from './moderation';
import { NOTIFICATION } from './notification';
import { PAYMENT } from './payment';
import { PRODUCT_IMAGES } from './product-images';
import { RENTAL } from './rental';
import { TRUST, TRUST_SANCTIONS } from './trust';
import type { BolaRegistry } from './types';

/** The registries together; an operation two of them name keeps the resources of both. */
const merged = (...registries: BolaRegistry[]): BolaRegistry =>
  registries.reduce<BolaRegistry>((all, registry) => {
    for (const [key, entries] of Object.entries(registry)) all[key] = [...(all[key] ?? []), ...entries];
    return all;
  }, {});

/**
 * Every operation with a path parameter → how to make a resource for it. The BOLA matrix fails,
 * naming the operation, when one is missing, so a new route is either covered or visibly not.
 */
export const BOLA_REGISTRY: BolaRegistry = merged(
  IDENTITY_CATALOG,
  PRODUCT_IMAGES,
  ACCOUNT,
  RENTAL,
  PAYMENT,
  MESSAGING_REVIEW_SUBSCRIPTION,
  TRUST,
  TRUST_SANCTIONS,
  MODERATION,
  INTEGRATION,
  NOTIFICATION,
);

export { Fixtures } from './fixtures';
export type { BolaCase, BolaEntry, Exposure } from './types';
