import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { getConversation, openConversation, postText } from '../support/messaging.factory';
import { createRental } from '../support/rental.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { expectMalformedId } from '../support/uuid-assertions';

describe('messaging: opening and listing conversations', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let renter: SignedUpUser;
  let stranger: SignedUpUser;
  let product: ProductBody;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
    [owner, renter, stranger] = await Promise.all([
      signUp(t.http, { fullName: 'Olivia Owner' }),
      signUp(t.http, { fullName: 'Rita Renter' }),
      signUp(t.http, { fullName: 'Sam Stranger' }),
    ]);
    product = await createProduct(t, owner, { title: 'Cordless drill' });
  });
  afterAll(() => t.close());

  const open = (user: SignedUpUser, body: Record<string, unknown>) =>
    t.http.post('/api/v1/messaging/conversations').set(user.auth).send(body);
  const rowsOf = (conversationId: string) =>
    Promise.all([
      t.db.query(
        'SELECT product_id, rental_id, renter_id, owner_id FROM messaging.conversations WHERE id = $1',
        [conversationId],
      ),
      t.db.query(
        'SELECT user_id, role FROM messaging.conversation_participants WHERE conversation_id = $1 ORDER BY role',
        [conversationId],
      ),
      t.db.query(
        'SELECT sender_id, type, body FROM messaging.messages WHERE conversation_id = $1 ORDER BY created_at, id',
        [conversationId],
      ),
    ]);

  it('opens an inquiry about a product with its first message, and asking again reuses it', async () => {
    const asker = await signUp(t.http, { fullName: 'Ada Asker' });
    const res = await open(asker, { productId: product.id, message: 'Is it available on Saturday?' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'inquiry',
      productId: product.id,
      rentalId: null,
      myRole: 'renter',
      participants: [
        { userId: asker.id, role: 'renter' },
        { userId: owner.id, role: 'owner' },
      ],
      counterpart: { id: owner.id, displayName: 'Olivia' },
      product: { id: product.id, title: 'Cordless drill' },
      unreadCount: 0,
      message: { type: 'text', senderId: asker.id, body: 'Is it available on Saturday?', systemEvent: null },
    });
    expect(res.body.lastMessage).toEqual(res.body.message);

    const again = await open(asker, { productId: product.id, message: 'And on Sunday?' });
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(res.body.id);
    expect(again.body.lastMessage.body).toBe('And on Sunday?');

    const [conversation, participants, messages] = await rowsOf(res.body.id);
    expect(conversation).toEqual([
      { product_id: product.id, rental_id: null, renter_id: asker.id, owner_id: owner.id },
    ]);
    expect(participants).toEqual([
      { user_id: owner.id, role: 'owner' },
      { user_id: asker.id, role: 'renter' },
    ]);
    expect(messages).toEqual([
      { sender_id: asker.id, type: 'text', body: 'Is it available on Saturday?' },
      { sender_id: asker.id, type: 'text', body: 'And on Sunday?' },
    ]);

    const ownerView = await getConversation(t, owner, res.body.id);
    expect(ownerView).toMatchObject({
      myRole: 'owner',
      counterpart: { id: asker.id, displayName: 'Ada' },
      unreadCount: 2,
    });
  });

  it('keeps one inquiry per person and product even when opened concurrently', async () => {
    const eager = await signUp(t.http);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => open(eager, { productId: product.id, message: `Hello ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM messaging.conversations WHERE product_id = $1 AND renter_id = $2',
      [product.id, eager.id],
    );
    expect(n).toBe(1);
    const [, , messages] = await rowsOf(results[0].body.id);
    expect(messages).toHaveLength(8);
  });

  it('refuses a conversation with oneself, and stores nothing', async () => {
    const res = await open(owner, { productId: product.id, message: 'Talking to myself' });
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('MESSAGING.SELF_CONVERSATION');
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM messaging.conversations WHERE renter_id = $1',
      [owner.id],
    );
    expect(n).toBe(0);
  });

  it('answers 404 for products one cannot ask about: unknown, deleted, someone else’s draft', async () => {
    const draft = await createProduct(t, owner, { status: 'draft' });
    const deleted = await createProduct(t, owner);
    expect((await t.http.delete(`/api/v1/products/${deleted.id}`).set(owner.auth)).status).toBe(204);
    for (const productId of [randomUUID(), draft.id, deleted.id]) {
      const res = await open(renter, { productId, message: 'Hello?' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MESSAGING.PRODUCT_NOT_FOUND');
    }
  });

  it.each([
    ['neither rentalId nor productId', { message: 'hi' }, 'rentalId'],
    [
      'both rentalId and productId',
      { rentalId: randomUUID(), productId: randomUUID(), message: 'hi' },
      'rentalId',
    ],
    ['a productId that is not a UUID', { productId: 'drill', message: 'hi' }, 'productId'],
    ['no message', { productId: randomUUID() }, 'message'],
    ['an empty message', { productId: randomUUID(), message: '' }, 'message'],
    ['a message over 4000 characters', { productId: randomUUID(), message: 'x'.repeat(4001) }, 'message'],
    ['a message that is not a string', { productId: randomUUID(), message: { text: 'hi' } }, 'message'],
    ['an unknown field', { productId: randomUUID(), message: 'hi', senderId: randomUUID() }, 'senderId'],
  ])('refuses %s with 422 naming the field', async (_, body, field) => {
    const res = await open(renter, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('opens the rental’s conversation for its renter and owner only', async () => {
    const other = await createProduct(t, owner);
    const rental = await createRental(t, renter, other);
    const strangerTry = await open(stranger, { rentalId: rental.id, message: 'Let me in' });
    expect(strangerTry.status).toBe(404);
    expect(strangerTry.body.code).toBe('MESSAGING.RENTAL_NOT_FOUND');
    expect((await open(renter, { rentalId: randomUUID(), message: 'hi' })).status).toBe(404);

    const byRenter = await openConversation(t, renter, { rentalId: rental.id }, 'Where do we meet?');
    expect(byRenter).toMatchObject({
      kind: 'rental',
      rentalId: rental.id,
      productId: other.id,
      myRole: 'renter',
    });
    const byOwner = await openConversation(t, owner, { rentalId: rental.id }, 'At the station.');
    expect(byOwner).toMatchObject({ id: byRenter.id, myRole: 'owner' });
    const [, , messages] = await rowsOf(byRenter.id);
    expect(messages.map((m: { body: string }) => m.body)).toEqual(['Where do we meet?', 'At the station.']);
  });

  it('hides conversations from everyone but their two people (404, never 403)', async () => {
    const c = await openConversation(t, renter, { productId: product.id }, 'Private question');
    const base = `/api/v1/messaging/conversations/${c.id}`;
    const attempts = [
      t.http.get(base).set(stranger.auth),
      t.http.get(`${base}/messages`).set(stranger.auth),
      t.http.post(`${base}/messages`).set(stranger.auth).send({ type: 'text', body: 'hi' }),
      t.http.post(`${base}/read`).set(stranger.auth).send({}),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('MESSAGING.CONVERSATION_NOT_FOUND');
    }
    const list = await t.http.get('/api/v1/messaging/conversations').set(stranger.auth);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM messaging.messages WHERE sender_id = $1',
      [stranger.id],
    );
    expect(n).toBe(0);
    expectMalformedId(await t.http.get('/api/v1/messaging/conversations/not-a-uuid').set(renter.auth), 'id');
    expect(
      (await t.http.get(`/api/v1/messaging/conversations/${randomUUID()}`).set(renter.auth)).status,
    ).toBe(404);
  });

  it('needs an access token', async () => {
    expect((await t.http.get('/api/v1/messaging/conversations')).status).toBe(401);
    expect(
      (await t.http.post('/api/v1/messaging/conversations').send({ productId: product.id, message: 'x' }))
        .status,
    ).toBe(401);
  });

  it('lists the caller’s conversations newest activity first, with last message, unread count and paging', async () => {
    const lister = await signUp(t.http, { fullName: 'Lee Lister' });
    const [p1, p2, p3] = await Promise.all([
      createProduct(t, owner),
      createProduct(t, owner),
      createProduct(t, owner),
    ]);
    const c1 = await openConversation(t, lister, { productId: p1.id }, 'first');
    const c2 = await openConversation(t, lister, { productId: p2.id }, 'second');
    const c3 = await openConversation(t, lister, { productId: p3.id }, 'third');
    await postText(t, owner, c1.id, 'reply to first');

    const page1 = await t.http.get('/api/v1/messaging/conversations').query({ limit: 2 }).set(lister.auth);
    expect(page1.status).toBe(200);
    expect(page1.body).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(page1.body.items.map((i: { id: string }) => i.id)).toEqual([c1.id, c3.id]);
    expect(page1.body.items[0]).toMatchObject({
      lastMessage: { body: 'reply to first', senderId: owner.id },
      unreadCount: 1,
      counterpart: { id: owner.id },
      product: { id: p1.id, title: p1.title },
    });
    expect(page1.body.items[1]).toMatchObject({ lastMessage: { body: 'third' }, unreadCount: 0 });
    const page2 = await t.http
      .get('/api/v1/messaging/conversations')
      .query({ limit: 2, page: 2 })
      .set(lister.auth);
    expect(page2.body.items.map((i: { id: string }) => i.id)).toEqual([c2.id]);
    expect(page2.body.total).toBe(3);

    const bad = await t.http.get('/api/v1/messaging/conversations').query({ limit: 1000 }).set(lister.auth);
    expect(bad.status).toBe(422);
  });
});
