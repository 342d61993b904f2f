import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { MessageBody } from '../support/messaging.factory';
import { allMessages, getConversation, openConversation, postText } from '../support/messaging.factory';
import { personalDataExport, redeliver, removeContent } from '../support/moderation.factory';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * A message a moderator removed (trust.ContentRemoved) is kept, for the audit and its author's data
 * export, and hidden from both participants everywhere they read: message pages, the inbox's last
 * message and unread counts, the conversation itself, read receipts.
 */
describe('messaging: messages a moderator removed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      EVENTS_RELAY_INTERVAL_MS: '0',
      JOBS_ENABLED: 'false',
      WRITE_RATE_LIMIT_PER_MINUTE: '100000',
    });
  });
  afterAll(() => t.close());

  /** Ada asks Bob about his drill; Bob answers; Ada writes something abusive. */
  async function thread() {
    const [ada, bob] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const product = await createProduct(t, bob);
    const conversation = await openConversation(t, ada, { productId: product.id }, 'Is it free on Saturday?');
    const answer = await postText(t, bob, conversation.id, 'Yes, from 10.');
    const abusive = await postText(t, ada, conversation.id, 'Something abusive');
    return { ada, bob, conversation, first: conversation.message, answer, abusive };
  }
  const remove = (message: MessageBody) =>
    removeContent(t, 'message', { id: message.id, authorId: message.senderId! });
  const stored = async (id: string) =>
    (await t.db.query('SELECT body, removed_at FROM messaging.messages WHERE id = $1', [id]))[0];
  const inboxOf = async (user: SignedUpUser) => {
    const res = await t.http.get('/api/v1/messaging/conversations').set(user.auth);
    expect(res.status).toBe(200);
    return res.body.items as { id: string; lastMessage: MessageBody | null; unreadCount: number }[];
  };

  it('is kept, and hidden from both participants: pages, last message, unread counts', async () => {
    const { ada, bob, conversation, first, answer, abusive } = await thread();
    // Bob read up to his own answer: Ada's abusive message is his one unread message.
    expect((await getConversation(t, bob, conversation.id)).unreadCount).toBe(1);
    const event = await remove(abusive);

    const row = await stored(abusive.id);
    expect(row.body).toBe('Something abusive');
    expect(row.removed_at.toISOString()).toBe(event.occurredAt);

    for (const user of [ada, bob]) {
      expect((await allMessages(t, user, conversation.id)).map((m) => m.id)).toEqual([first.id, answer.id]);
      expect((await getConversation(t, user, conversation.id)).lastMessage?.id).toBe(answer.id);
      const [inbox] = (await inboxOf(user)).filter((c) => c.id === conversation.id);
      expect(inbox.lastMessage?.id).toBe(answer.id);
    }
    expect((await getConversation(t, bob, conversation.id)).unreadCount).toBe(0);
    expect((await getConversation(t, ada, conversation.id)).unreadCount).toBe(0);

    // Marking it read is as for any message not in the conversation; marking all read stops at Bob's answer.
    const receipt = await t.http
      .post(`/api/v1/messaging/conversations/${conversation.id}/read`)
      .set(bob.auth)
      .send({ upToMessageId: abusive.id });
    expect(receipt.status).toBe(404);
    expect(receipt.body.code).toBe('MESSAGING.MESSAGE_NOT_FOUND');
    const all = await t.http
      .post(`/api/v1/messaging/conversations/${conversation.id}/read`)
      .set(bob.auth)
      .send({});
    expect(all.status).toBe(200);
    expect(all.body).toEqual({
      conversationId: conversation.id,
      lastReadMessageId: answer.id,
      unreadCount: 0,
    });

    // The conversation goes on.
    const next = await postText(t, ada, conversation.id, 'Sorry. See you at 10.');
    expect((await allMessages(t, bob, conversation.id)).map((m) => m.id)).toEqual([
      first.id,
      answer.id,
      next.id,
    ]);
  });

  it('is applied once however often the event comes; other content types are not messaging’s', async () => {
    const { ada, conversation, abusive, answer } = await thread();
    const event = await remove(abusive);
    const before = await stored(abusive.id);
    await redeliver(t, event);
    expect(await stored(abusive.id)).toEqual(before);

    // A review with the id of a message, and an unknown message: nothing changes, nothing fails.
    await removeContent(t, 'review', { id: answer.id, authorId: answer.senderId! });
    await removeContent(t, 'message', { id: randomUUID(), authorId: ada.id });
    expect((await stored(answer.id)).removed_at).toBeNull();
    expect((await allMessages(t, ada, conversation.id)).map((m) => m.id)).toContain(answer.id);
  });

  it('a conversation whose only message was removed shows no last message', async () => {
    const [ada, bob] = await Promise.all([signUp(t.http), signUp(t.http)]);
    const product = await createProduct(t, bob);
    const conversation = await openConversation(t, ada, { productId: product.id }, 'Spam spam spam');
    await remove(conversation.message);
    for (const user of [ada, bob]) {
      const seen = await getConversation(t, user, conversation.id);
      expect(seen).toMatchObject({ lastMessage: null, unreadCount: 0 });
      expect(await allMessages(t, user, conversation.id)).toEqual([]);
    }
  });

  it('stays in its author’s data export, marked removed, and leaves the other person’s', async () => {
    const { ada, bob, conversation, abusive, answer } = await thread();
    await remove(abusive);
    const mine = (await personalDataExport(t, ada)).messaging.conversations.find(
      (c) => c.id === conversation.id,
    );
    const removed = mine!.messages.find((m) => m.id === abusive.id);
    expect(removed).toMatchObject({
      direction: 'sent',
      body: 'Something abusive',
      removedAt: expect.any(String),
    });
    expect(mine!.messages.find((m) => m.id === answer.id)).toMatchObject({ removedAt: null });

    const theirs = (await personalDataExport(t, bob)).messaging.conversations.find(
      (c) => c.id === conversation.id,
    );
    expect(theirs!.messages.map((m) => m.id)).not.toContain(abusive.id);
    expect(theirs!.messages.map((m) => m.id)).toContain(answer.id);
  });
});
