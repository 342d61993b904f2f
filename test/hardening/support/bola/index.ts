import { ACCOUNT } from './account';
import { IDENTITY_CATALOG } from './identity-catalog';
import { MESSAGING_REVIEW_SUBSCRIPTION } from './messaging-review-subscription';
import { PAYMENT } from './payment';
import { PRODUCT_IMAGES } from './product-images';
import { RENTAL } from './rental';
import { TRUST, TRUST_SANCTIONS } from './trust';
import type { BolaRegistry } from './types';

/**
 * Every operation with a path parameter → how to make a resource for it. The BOLA matrix fails,
 * naming the operation, when one is missing, so a new route is either covered or visibly not.
 */
export const BOLA_REGISTRY: BolaRegistry = {
  ...IDENTITY_CATALOG,
  ...PRODUCT_IMAGES,
  ...ACCOUNT,
  ...RENTAL,
  ...PAYMENT,
  ...MESSAGING_REVIEW_SUBSCRIPTION,
  ...TRUST,
  ...TRUST_SANCTIONS,
};

export { Fixtures } from './fixtures';
export type { BolaCase, BolaEntry, Exposure } from './types';
