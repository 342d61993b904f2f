import { defineEvent } from '../../../platform/events/integration-event';

/**
 * The person erased their account (GDPR art. 17). Every context erases or anonymises what it
 * holds about them in its inbox handler: the account can no longer sign in, and identity has
 * already dropped the profile and email. Payload: ids only.
 */
export interface UserDeletedPayload {
  userId: string;
  deletedAt: string;
}
export const UserDeleted = defineEvent<UserDeletedPayload>('identity.UserDeleted');

/**
 * The person asked for a copy of their data (GDPR art. 15, 20). Identity's own subscriber assembles
 * the document from every context's exporter, away from the request. Payload: ids only.
 */
export interface DataExportRequestedPayload {
  exportId: string;
  userId: string;
  requestedAt: string;
}
export const DataExportRequested = defineEvent<DataExportRequestedPayload>('identity.DataExportRequested');
