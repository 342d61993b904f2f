import { EventRelay } from '../../src/platform/events/event-relay';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { allMessages, getConversation, openConversation } from '../support/messaging.factory';
import { createRental, moveRental, runRentalJob, utcDay } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('messaging: system messages from the rental lifecycle (events, not calls)', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
  const drain = () => t.app.get(EventRelay).drain();
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    owner = await signUp(t.http);
    product = await createProduct(t, owner);
  });
  afterAll(() => t.close());

  // Each test books its own days of the shared product, far apart so they never collide.
  let slot = 0;
  const book = (renter: SignedUpUser) => {
    const start = 2 + 6 * slot++;
    return createRental(t, renter, product, { startDate: utcDay(start), endDate: utcDay(start + 3) });
  };
  const conversationOf = async (rentalId: string): Promise<string> => {
    const rows = await t.db.query('SELECT id FROM messaging.conversations WHERE rental_id = $1', [rentalId]);
    expect(rows).toHaveLength(1);
    return rows[0].id;
  };
  const systemEvents = async (conversationId: string, user: SignedUpUser) =>
    (await allMessages(t, user, conversationId)).filter((m) => m.type === 'system').map((m) => m.systemEvent);

  it('turns the renter’s inquiry into the rental’s conversation and posts each step of the happy path', async () => {
    const renter = await signUp(t.http);
    const inquiry = await openConversation(t, renter, { productId: product.id }, 'Can I pick it up at 9?');
    const rental = await book(renter);
    await drain();

    expect(await conversationOf(rental.id)).toBe(inquiry.id);
    const linked = await getConversation(t, renter, inquiry.id);
    expect(linked).toMatchObject({ kind: 'rental', rentalId: rental.id });
    const requested = (await allMessages(t, owner, inquiry.id)).at(-1);
    expect(requested).toMatchObject({
      type: 'system',
      senderId: null,
      systemEvent: 'rental.requested',
      body: `Rental requested for ${rental.startDate} to ${utcDay(-1, new Date(`${rental.endDate}T00:00:00Z`))} (3 days).`,
    });

    for (const status of ['accepted', 'active', 'returned', 'completed'] as const) {
      await moveRental(t, rental, owner, status);
      await drain();
    }
    expect(await systemEvents(inquiry.id, renter)).toEqual([
      'rental.requested',
      'rental.accepted',
      'rental.handed_over',
      'rental.returned',
      'rental.completed',
    ]);
    const rows = await t.db.query(
      `SELECT type, sender_id, system_event, actor_id FROM messaging.messages WHERE conversation_id = $1
       ORDER BY created_at, id`,
      [inquiry.id],
    );
    expect(rows[0]).toEqual({ type: 'text', sender_id: renter.id, system_event: null, actor_id: null });
    expect(rows.slice(1).map((r: { actor_id: string }) => r.actor_id)).toEqual([
      renter.id,
      owner.id,
      owner.id,
      owner.id,
      owner.id,
    ]);
    // Nobody is notified of what they did themselves: the owner caused four steps, the renter one.
    expect((await getConversation(t, owner, inquiry.id)).unreadCount).toBe(2);
    expect((await getConversation(t, renter, inquiry.id)).unreadCount).toBe(4);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM messaging.conversations WHERE product_id = $1 AND renter_id = $2',
      [product.id, renter.id],
    );
    expect(n).toBe(1);
  });

  it('creates the rental’s conversation when there was no inquiry', async () => {
    const renter = await signUp(t.http);
    const rental = await book(renter);
    await drain();
    const id = await conversationOf(rental.id);
    const conversation = await getConversation(t, owner, id);
    expect(conversation).toMatchObject({
      kind: 'rental',
      myRole: 'owner',
      counterpart: { id: renter.id },
      lastMessage: { type: 'system', systemEvent: 'rental.requested' },
      unreadCount: 1,
    });
    await moveRental(t, rental, owner, 'declined');
    await drain();
    expect(await systemEvents(id, renter)).toEqual(['rental.requested', 'rental.declined']);
    expect((await getConversation(t, renter, id)).lastMessage).toMatchObject({
      body: 'The owner declined the rental request.',
    });
  });

  it('posts cancellations with who cancelled', async () => {
    const renter = await signUp(t.http);
    const byRenter = await book(renter);
    await moveRental(t, byRenter, renter, 'cancelled');
    const byOwner = await book(renter);
    await moveRental(t, byOwner, owner, 'accepted');
    await moveRental(t, byOwner, owner, 'cancelled');
    await drain();
    const renterCancelled = await allMessages(t, renter, await conversationOf(byRenter.id));
    expect(renterCancelled.at(-1)).toMatchObject({
      systemEvent: 'rental.cancelled',
      body: 'The renter cancelled the rental.',
    });
    expect(await systemEvents(await conversationOf(byOwner.id), owner)).toEqual([
      'rental.requested',
      'rental.accepted',
      'rental.cancelled',
    ]);
    expect((await allMessages(t, owner, await conversationOf(byOwner.id))).at(-1)?.body).toBe(
      'The owner cancelled the rental.',
    );
  });

  it('posts the expiry of an unanswered request', async () => {
    const renter = await signUp(t.http);
    const rental = await book(renter);
    expect(await runRentalJob(t, 'rental.expire-requests', new Date(Date.now() + 30 * 86_400_000))).toBe(
      true,
    );
    await drain();
    const id = await conversationOf(rental.id);
    expect(await systemEvents(id, renter)).toEqual(['rental.requested', 'rental.expired']);
    const [last] = await t.db.query(
      `SELECT actor_id, body FROM messaging.messages WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [id],
    );
    expect(last).toEqual({
      actor_id: null,
      body: 'The rental request expired without an answer from the owner.',
    });
  });

  it('uses the conversation a participant opened about the rental before the event arrived', async () => {
    const renter = await signUp(t.http);
    const rental = await book(renter);
    const opened = await openConversation(t, owner, { rentalId: rental.id }, 'Thanks for booking!');
    await drain();
    expect(await conversationOf(rental.id)).toBe(opened.id);
    expect((await allMessages(t, renter, opened.id)).map((m) => m.systemEvent ?? m.body)).toEqual([
      'Thanks for booking!',
      'rental.requested',
    ]);
  });

  it('posts each system message once even when events are delivered again', async () => {
    const renter = await signUp(t.http);
    const rental = await book(renter);
    await moveRental(t, rental, owner, 'accepted');
    await drain();
    await t.db.query(`UPDATE rental.outbox_events SET published_at = NULL WHERE payload->>'rentalId' = $1`, [
      rental.id,
    ]);
    await drain();
    expect(await systemEvents(await conversationOf(rental.id), renter)).toEqual([
      'rental.requested',
      'rental.accepted',
    ]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM messaging.inbox_events WHERE handler = 'messaging.post-rental-system-message'
       AND event_id IN (SELECT id FROM rental.outbox_events WHERE payload->>'rentalId' = $1)`,
      [rental.id],
    );
    expect(n).toBe(2);
  });
});
