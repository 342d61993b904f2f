import { randomUUID } from 'node:crypto';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { openConversation, postText } from '../support/messaging.factory';
import { createRental, utcDay } from '../support/rental.factory';
import { createTestApp, type TestApp } from '../support/test-app';
import { block, unblock } from '../support/trust.factory';
import { ids, searchScope } from '../catalog/search.helpers';

/**
 * What a block stops, in the other contexts, through TrustApi: nothing new between the two (no
 * conversation, message or rental request), each other's listings gone from search and their
 * conversations from the inbox, all of it back once the block is lifted.
 */
describe('trust: what a block stops elsewhere', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
  });
  afterAll(() => t.close());

  /** An owner with a listing in a fresh category, and a would-be renter; nobody else shares them. */
  async function pair() {
    const [owner, renter] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const scope = await searchScope(t, owner);
    const product = await scope.add({ title: 'Cordless drill' });
    return { owner, renter, scope, product };
  }
  const count = async (sql: string, params: unknown[]) => (await t.db.query(sql, params))[0].n as number;
  const conversationsOf = (userId: string) =>
    count('SELECT count(*)::int AS n FROM messaging.conversation_participants WHERE user_id = $1', [userId]);
  const messagesIn = (conversationId: string) =>
    count('SELECT count(*)::int AS n FROM messaging.messages WHERE conversation_id = $1', [conversationId]);
  const rentalsOf = (renterId: string) =>
    count('SELECT count(*)::int AS n FROM rental.rentals WHERE renter_id = $1', [renterId]);
  /** What a client can tell apart in a problem: everything but the request's own id and path. */
  const answerOf = (res: { status: number; body: Record<string, unknown> }) => {
    const { requestId: _requestId, instance: _instance, ...rest } = res.body;
    return { status: res.status, ...rest };
  };
  const expectRefused = (
    res: { status: number; body: Record<string, unknown>; headers: Record<string, string> },
    code: string,
  ) => {
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(code);
  };

  describe.each([
    [
      'the renter blocked the owner',
      (p: { owner: SignedUpUser; renter: SignedUpUser }) => [p.renter, p.owner],
    ],
    [
      'the owner blocked the renter',
      (p: { owner: SignedUpUser; renter: SignedUpUser }) => [p.owner, p.renter],
    ],
  ])('when %s', (_name, roles) => {
    it('refuses a new conversation and a rental request, storing nothing, until the block is lifted', async () => {
      const p = await pair();
      const [blocker, blocked] = roles(p);
      await block(t, blocker, blocked);

      const opened = await t.http
        .post('/api/v1/messaging/conversations')
        .set(p.renter.auth)
        .send({ productId: p.product.id, message: 'Is it free on Saturday?' });
      const rental = await t.http
        .post('/api/v1/rentals')
        .set(p.renter.auth)
        .send({ productId: p.product.id, startDate: utcDay(2), endDate: utcDay(5) });
      if (blocker === p.renter) {
        // The renter blocked the owner: they are told, and can lift it.
        expectRefused(opened, 'MESSAGING.BLOCKED');
        expectRefused(rental, 'RENTAL.BLOCKED');
      } else {
        // The owner blocked the renter, who is never told: the answers are those of a product that
        // is not there (an inquiry) or cannot be rented (a paused one), word for word.
        const paused = await p.scope.add({ title: 'Paused drill' });
        await t.http
          .put(`/api/v1/products/${paused.id}`)
          .set(p.owner.auth)
          .send({ status: 'paused' })
          .expect(200);
        const unknown = await t.http
          .post('/api/v1/messaging/conversations')
          .set(p.renter.auth)
          .send({ productId: randomUUID(), message: 'Is it free on Saturday?' });
        const notRentable = await t.http
          .post('/api/v1/rentals')
          .set(p.renter.auth)
          .send({ productId: paused.id, startDate: utcDay(2), endDate: utcDay(5) });
        expect(answerOf(opened)).toEqual(answerOf(unknown));
        expect(answerOf(opened)).toMatchObject({ status: 404, code: 'MESSAGING.PRODUCT_NOT_FOUND' });
        expect(answerOf(rental)).toEqual(answerOf(notRentable));
        expect(answerOf(rental)).toMatchObject({ status: 409, code: 'RENTAL.PRODUCT_NOT_RENTABLE' });
      }
      expect(JSON.stringify([opened.body, rental.body])).not.toMatch(/blocked you/i);
      expect(await conversationsOf(p.renter.id)).toBe(0);
      expect(await rentalsOf(p.renter.id)).toBe(0);

      await unblock(t, blocker, blocked);
      const conversation = await openConversation(
        t,
        p.renter,
        { productId: p.product.id },
        'Free on Saturday?',
      );
      expect(conversation.counterpart).toMatchObject({ id: p.owner.id });
      await createRental(t, p.renter, p.product, { startDate: utcDay(2), endDate: utcDay(5) });
      expect(await rentalsOf(p.renter.id)).toBe(1);
    });

    it('hides their conversation from both (inbox, detail, messages) and refuses posting, until lifted', async () => {
      const p = await pair();
      const [blocker, blocked] = roles(p);
      const conversation = await openConversation(t, p.renter, { productId: p.product.id }, 'Hello');
      await postText(t, p.owner, conversation.id, 'Hi! Yes it is.');
      // Each keeps another conversation, which the block leaves alone.
      const bystander = await signUp(t.http);
      const other = await openConversation(t, bystander, { productId: p.product.id }, 'Me too?');
      const mine = await pair();
      const renterElsewhere = await openConversation(
        t,
        p.renter,
        { productId: mine.product.id },
        'And yours?',
      );
      await block(t, blocker, blocked);

      for (const person of [p.renter, p.owner]) {
        const inbox = await t.http.get('/api/v1/messaging/conversations').set(person.auth);
        expect(inbox.status).toBe(200);
        expect(ids(inbox.body)).not.toContain(conversation.id);
        expect(inbox.body.total).toBe(1);
        const base = `/api/v1/messaging/conversations/${conversation.id}`;
        for (const res of [
          await t.http.get(base).set(person.auth),
          await t.http.get(`${base}/messages`).set(person.auth),
          await t.http.post(`${base}/read`).set(person.auth).send({}),
        ]) {
          expect(res.status).toBe(404);
          expect(res.body.code).toBe('MESSAGING.CONVERSATION_NOT_FOUND');
        }
        const posted = await t.http
          .post(`${base}/messages`)
          .set(person.auth)
          .send({ type: 'text', body: 'Hey?' });
        // The one who blocked learns why; the other finds the conversation gone, as when reading.
        if (person === blocker) expectRefused(posted, 'MESSAGING.BLOCKED');
        else
          expect(answerOf(posted)).toMatchObject({ status: 404, code: 'MESSAGING.CONVERSATION_NOT_FOUND' });
      }
      expect(await messagesIn(conversation.id)).toBe(2);
      const ownerInbox = await t.http.get('/api/v1/messaging/conversations').set(p.owner.auth);
      expect(ids(ownerInbox.body)).toEqual([other.id]);
      const renterInbox = await t.http.get('/api/v1/messaging/conversations').set(p.renter.auth);
      expect(ids(renterInbox.body)).toEqual([renterElsewhere.id]);

      await unblock(t, blocker, blocked);
      const restored = await t.http.get('/api/v1/messaging/conversations').set(p.renter.auth);
      expect(ids(restored.body).sort()).toEqual([conversation.id, renterElsewhere.id].sort());
      expect(restored.body.total).toBe(2);
      const messages = await t.http
        .get(`/api/v1/messaging/conversations/${conversation.id}/messages`)
        .set(p.owner.auth);
      expect(messages.status).toBe(200);
      expect(messages.body.items.map((m: { body: string }) => m.body)).toEqual(['Hi! Yes it is.', 'Hello']);
      await postText(t, p.owner, conversation.id, 'Welcome back.');
    });

    it("leaves each other's listings out of their searches, both ways, until lifted", async () => {
      const p = await pair();
      const [blocker, blocked] = roles(p);
      const renterListing = await p.scope.add(
        { title: 'Ladder', description: 'An aluminium ladder, three metres.', tags: ['ladder'] },
        p.renter,
      );
      const bystander = await signUp(t.http);
      const bystanderListing = await p.scope.add(
        { title: 'Tent', description: 'A tent for four people.', tags: ['tent'] },
        bystander,
      );
      await block(t, blocker, blocked);

      const byRenter = await p.scope.search({ sort: 'newest' }, p.renter);
      expect(ids(byRenter.body)).toEqual([bystanderListing.id, renterListing.id]);
      expect(byRenter.body.total).toBe(2);
      const byOwner = await p.scope.search({ sort: 'newest' }, p.owner);
      expect(ids(byOwner.body)).toEqual([bystanderListing.id, p.product.id]);
      // Asking for the other's listings by name finds none; a text query (and its fuzzy fallback) neither.
      expect(ids((await p.scope.search({ ownerId: p.owner.id }, p.renter)).body)).toEqual([]);
      expect(ids((await p.scope.search({ q: 'drill' }, p.renter)).body)).toEqual([]);
      expect(ids((await p.scope.search({ q: 'drll' }, p.renter)).body)).toEqual([]);
      // Anonymous searches and other people see everything.
      const anonymous = await p.scope.search({ sort: 'newest' });
      expect(ids(anonymous.body)).toEqual([bystanderListing.id, renterListing.id, p.product.id]);
      expect(ids((await p.scope.search({ sort: 'newest' }, bystander)).body)).toHaveLength(3);
      // Its page stays reachable by URL.
      expect((await t.http.get(`/api/v1/products/${p.product.id}`).set(p.renter.auth)).status).toBe(200);

      await unblock(t, blocker, blocked);
      expect(ids((await p.scope.search({ sort: 'newest' }, p.renter)).body)).toEqual([
        bystanderListing.id,
        renterListing.id,
        p.product.id,
      ]);
    });
  });

  it('lets rentals made before the block run on', async () => {
    const p = await pair();
    const rental = await createRental(t, p.renter, p.product, { startDate: utcDay(2), endDate: utcDay(5) });
    await block(t, p.owner, p.renter);
    const accepted = await t.http
      .put(`/api/v1/rentals/${rental.id}`)
      .set(p.owner.auth)
      .send({ status: 'accepted' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
  });
});
