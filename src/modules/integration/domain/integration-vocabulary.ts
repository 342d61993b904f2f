import { API_KEY_SCOPES } from '../../../platform/auth/api-key';

export { API_KEY_SCOPES };
export type { ApiKeyScope } from '../../../platform/auth/api-key';

/** pending: waiting for an attempt (or its retry); succeeded: a 2xx came back; failed: given up. */
export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why an endpoint is disabled: its owner said so, or it failed every attempt for the retry window. */
export const DISABLED_REASONS = ['by_owner', 'failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

/** Keys listed per client: the newest ones (a client rotating daily for years has thousands). */
export const KEYS_SHOWN = 20;

/** Most webhook endpoints one API client may register. */
export const MAX_ENDPOINTS_PER_CLIENT = 10;

/** The SQL list of a vocabulary, for check constraints. */
export const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');
