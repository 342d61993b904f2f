import type { IntegrationEvent } from '../../src/platform/events/integration-event';
import { EventRelay } from '../../src/platform/events/event-relay';
import { Outbox } from '../../src/platform/events/outbox';
import { ContentRemoved, ListingHidden } from '../../src/modules/trust';
import type { TestApp } from './test-app';

/**
 * Publishes an event in trust's outbox, as trust's moderation does (in a transaction, through the
 * app's Outbox), then delivers it: the consuming contexts see exactly what trust would send.
 */
export async function publishTrustEvent(t: TestApp, event: IntegrationEvent): Promise<IntegrationEvent> {
  await t.db.transaction((manager) => t.app.get(Outbox).publish(manager, 'trust', event));
  await t.app.get(EventRelay).drain();
  return event;
}

/** A moderator took `product` down with `reason` (trust.ListingHidden, delivered). */
export const hideListing = (
  t: TestApp,
  product: { id: string; ownerId: string },
  reason = 'The photos show a different item than the description.',
) =>
  publishTrustEvent(
    t,
    ListingHidden.create({ productId: product.id, ownerId: product.ownerId, reason, reportId: null }),
  );

/** A moderator removed a message or a review (trust.ContentRemoved, delivered). */
export const removeContent = (
  t: TestApp,
  targetType: 'message' | 'review',
  target: { id: string; authorId: string },
) =>
  publishTrustEvent(
    t,
    ContentRemoved.create({ targetType, targetId: target.id, authorId: target.authorId, reportId: null }),
  );

/**
 * Delivers an already delivered trust event once more, as the relay would after a crash between
 * handling it and marking it published: the subscribers' inboxes must make it a no-op.
 */
export async function redeliver(t: TestApp, event: IntegrationEvent): Promise<void> {
  await t.db.query('UPDATE trust.outbox_events SET published_at = NULL WHERE id = $1', [event.id]);
  await t.app.get(EventRelay).drain();
}

interface ExportedMessage {
  id: string;
  direction: 'sent' | 'received' | 'system';
  body: string | null;
  removedAt: string | null;
}
interface ExportedReview {
  id: string;
  body: string;
  removedAt: string | null;
}

/** The parts of a data export the moderation tests read. */
export interface ExportDocument {
  messaging: { conversations: { id: string; messages: ExportedMessage[] }[] };
  review: {
    written: { productReviews: ExportedReview[]; userReviews: ExportedReview[] };
    received: { userReviews: ExportedReview[] };
  };
}

/** The person's data export as they download it (requested, assembled in the background, fetched). */
export async function personalDataExport(
  t: TestApp,
  user: { auth: { Authorization: string } },
): Promise<ExportDocument> {
  const requested = await t.http.post('/api/v1/account/data-exports').set(user.auth);
  if (requested.status !== 202) throw new Error(`export request failed: ${requested.status}`);
  await t.app.get(EventRelay).drain();
  const res = await t.http.get(`/api/v1/account/data-exports/${requested.body.id}/document`).set(user.auth);
  if (res.status !== 200)
    throw new Error(`export download failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
