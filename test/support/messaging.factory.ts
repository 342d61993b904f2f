import type { SignedUpUser } from './identity.factory';
import { signUp } from './identity.factory';
import type { TestApp } from './test-app';

/** A message as GET/POST /api/v1/messaging/... return it. */
export interface MessageBody {
  id: string;
  conversationId: string;
  type: 'text' | 'image' | 'file' | 'system';
  senderId: string | null;
  body: string | null;
  attachment: { url: string; name: string; size: number; mimeType: string } | null;
  systemEvent: string | null;
  createdAt: string;
}

/** A conversation as GET /api/v1/messaging/conversations/:id returns it. */
export interface ConversationBody {
  id: string;
  kind: 'inquiry' | 'rental';
  productId: string;
  rentalId: string | null;
  myRole: 'renter' | 'owner';
  participants: { userId: string; role: 'renter' | 'owner' }[];
  counterpart: { id: string; displayName: string; avatarUrl: string | null } | null;
  product: { id: string; title: string } | null;
  lastMessage: MessageBody | null;
  unreadCount: number;
  lastReadMessageId: string | null;
  lastActivityAt: string;
  createdAt: string;
}

/**
 * POST /api/v1/messaging/conversations as `user`, about a product (an inquiry) or a rental.
 * Throws on anything but 201.
 */
export async function openConversation(
  t: TestApp,
  user: SignedUpUser,
  target: { productId: string } | { rentalId: string },
  message = 'Hello! Is it still available?',
): Promise<ConversationBody & { message: MessageBody }> {
  const res = await t.http
    .post('/api/v1/messaging/conversations')
    .set(user.auth)
    .send({ ...target, message });
  if (res.status !== 201)
    throw new Error(`openConversation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A fresh renter with a fresh inquiry about the product, so tests share nothing. */
export async function newInquiry(t: TestApp, productId: string, first = 'Hello') {
  const renter = await signUp(t.http);
  const conversation = await openConversation(t, renter, { productId }, first);
  return { renter, conversation };
}

/** POST a text message as `user`. Throws on anything but 201. */
export async function postText(
  t: TestApp,
  user: SignedUpUser,
  conversationId: string,
  body: string,
): Promise<MessageBody> {
  const res = await t.http
    .post(`/api/v1/messaging/conversations/${conversationId}/messages`)
    .set(user.auth)
    .send({ type: 'text', body });
  if (res.status !== 201) throw new Error(`postText failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** GET the conversation as `user`. Throws on anything but 200. */
export async function getConversation(
  t: TestApp,
  user: SignedUpUser,
  conversationId: string,
): Promise<ConversationBody> {
  const res = await t.http.get(`/api/v1/messaging/conversations/${conversationId}`).set(user.auth);
  if (res.status !== 200)
    throw new Error(`getConversation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Every message of a conversation, oldest first, following the cursors. */
export async function allMessages(
  t: TestApp,
  user: SignedUpUser,
  conversationId: string,
  limit = 100,
): Promise<MessageBody[]> {
  const out: MessageBody[] = [];
  let before: string | null = null;
  do {
    const res: { status: number; body: { items: MessageBody[]; nextCursor: string | null } } = await t.http
      .get(`/api/v1/messaging/conversations/${conversationId}/messages`)
      .query({ limit, ...(before ? { before } : {}) })
      .set(user.auth);
    if (res.status !== 200) throw new Error(`listMessages failed: ${res.status} ${JSON.stringify(res.body)}`);
    out.push(...res.body.items);
    before = res.body.nextCursor;
  } while (before);
  return out.reverse();
}
