import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import { getConversation, newInquiry, postText } from '../support/messaging.factory';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

describe('messaging: read positions and unread counts', () => {
  let t: TestApp;
  let owner: SignedUpUser;
  let product: ProductBody;
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

  const inquiry = (first?: string) => newInquiry(t, product.id, first);
  const read = (user: SignedUpUser, conversationId: string, body: Record<string, unknown> = {}) =>
    t.http.post(`/api/v1/messaging/conversations/${conversationId}/read`).set(user.auth).send(body);

  it('counts unread messages per participant and moves the read position only forward', async () => {
    const { renter, conversation } = await inquiry('q1');
    const q2 = await postText(t, renter, conversation.id, 'q2');
    await postText(t, renter, conversation.id, 'q3');
    expect((await getConversation(t, owner, conversation.id)).unreadCount).toBe(3);
    expect((await getConversation(t, renter, conversation.id)).unreadCount).toBe(0);

    const upTo = await read(owner, conversation.id, { upToMessageId: q2.id });
    expect(upTo.status).toBe(200);
    expect(upTo.body).toEqual({ conversationId: conversation.id, lastReadMessageId: q2.id, unreadCount: 1 });
    const backwards = await read(owner, conversation.id, { upToMessageId: conversation.message.id });
    expect(backwards.body).toMatchObject({ lastReadMessageId: q2.id, unreadCount: 1 });

    const all = await read(owner, conversation.id);
    expect(all.body.unreadCount).toBe(0);
    const [row] = await t.db.query(
      `SELECT p.last_read_message_id, p.last_read_at = m.created_at AS same_instant
       FROM messaging.conversation_participants p JOIN messaging.messages m ON m.id = p.last_read_message_id
       WHERE p.conversation_id = $1 AND p.user_id = $2`,
      [conversation.id, owner.id],
    );
    expect(row).toEqual({ last_read_message_id: all.body.lastReadMessageId, same_instant: true });

    // Replying reads the conversation for the one who writes; the other side gets one unread.
    await postText(t, owner, conversation.id, 'a1');
    expect((await getConversation(t, owner, conversation.id)).unreadCount).toBe(0);
    expect((await getConversation(t, renter, conversation.id)).unreadCount).toBe(1);
    const list = await t.http.get('/api/v1/messaging/conversations').set(renter.auth);
    expect(list.body.items.find((i: { id: string }) => i.id === conversation.id).unreadCount).toBe(1);
  });

  it('refuses to mark read up to a message of another conversation', async () => {
    const a = await inquiry();
    const b = await inquiry();
    const res = await read(owner, a.conversation.id, { upToMessageId: b.conversation.message.id });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MESSAGING.MESSAGE_NOT_FOUND');
    expect((await read(owner, a.conversation.id, { upToMessageId: 'nope' })).status).toBe(422);
  });
});
