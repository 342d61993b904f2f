import { randomUUID } from 'node:crypto';
import { createProduct } from '../support/catalog.factory';
import type { ProductBody } from '../support/catalog.factory';
import type { SignedUpUser } from '../support/identity.factory';
import { signUp } from '../support/identity.factory';
import type { MessageBody } from '../support/messaging.factory';
import { allMessages, newInquiry, postText } from '../support/messaging.factory';
import type { TestApp } from '../support/test-app';
import { expectOneAnswerOrInProgress } from '../support/idempotency-assertions';
import { createTestApp } from '../support/test-app';

describe('messaging: messages and cursor pages', () => {
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
  const post = (user: SignedUpUser, conversationId: string, body: Record<string, unknown>) =>
    t.http.post(`/api/v1/messaging/conversations/${conversationId}/messages`).set(user.auth).send(body);
  const page = (user: SignedUpUser, conversationId: string, query: Record<string, unknown>) =>
    t.http.get(`/api/v1/messaging/conversations/${conversationId}/messages`).query(query).set(user.auth);

  const pdf = {
    url: 'https://files.example.com/manual.pdf',
    name: 'manual.pdf',
    size: 482113,
    mimeType: 'application/pdf',
  };
  const png = {
    url: 'https://img.example.com/scratch.png',
    name: 'scratch.png',
    size: 2048,
    mimeType: 'image/png',
  };

  it('posts text, image and file messages, storing bodies exactly as given', async () => {
    const { renter, conversation } = await inquiry();
    const raw = '  <b>bold</b> & "quotes"\n<script>alert(1)</script> 🚲  ';
    const text = await post(renter, conversation.id, { type: 'text', body: raw });
    expect(text.status).toBe(201);
    expect(text.body).toMatchObject({ type: 'text', body: raw, senderId: renter.id, attachment: null });
    const image = await post(owner, conversation.id, {
      type: 'image',
      body: 'Scratch on the side',
      attachment: png,
    });
    expect(image.status).toBe(201);
    expect(image.body).toMatchObject({ type: 'image', senderId: owner.id, attachment: png });
    const file = await post(owner, conversation.id, { type: 'file', attachment: pdf });
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ type: 'file', body: null, attachment: pdf });

    const rows = await t.db.query(
      `SELECT type, body, attachment_url, attachment_name, attachment_size, attachment_mime_type
       FROM messaging.messages WHERE id = ANY($1) ORDER BY created_at`,
      [[text.body.id, image.body.id, file.body.id]],
    );
    expect(rows).toEqual([
      {
        type: 'text',
        body: raw,
        attachment_url: null,
        attachment_name: null,
        attachment_size: null,
        attachment_mime_type: null,
      },
      {
        type: 'image',
        body: 'Scratch on the side',
        attachment_url: png.url,
        attachment_name: png.name,
        attachment_size: png.size,
        attachment_mime_type: png.mimeType,
      },
      {
        type: 'file',
        body: null,
        attachment_url: pdf.url,
        attachment_name: pdf.name,
        attachment_size: pdf.size,
        attachment_mime_type: pdf.mimeType,
      },
    ]);
  });

  it('posts a retried send once when it carries the same Idempotency-Key', async () => {
    const { renter, conversation } = await inquiry();
    const key = `send-${randomUUID()}`;
    const send = (body: string) =>
      t.http
        .post(`/api/v1/messaging/conversations/${conversation.id}/messages`)
        .set(renter.auth)
        .set('Idempotency-Key', key)
        .send({ type: 'text', body });
    const message = expectOneAnswerOrInProgress(
      await Promise.all([send('On my way'), send('On my way')]),
      201,
    );
    const retry = await send('On my way');
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: message });
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM messaging.messages WHERE conversation_id = $1 AND body = 'On my way'`,
      [conversation.id],
    );
    expect(n).toBe(1);
    const reused = await send('Something else');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it.each([
    ['a system message', { type: 'system', body: 'The owner accepted' }, 'type'],
    ['a text without body', { type: 'text' }, 'body'],
    ['a blank text', { type: 'text', body: '   ' }, 'body'],
    ['a text over 4000 characters', { type: 'text', body: 'x'.repeat(4001) }, 'body'],
    ['a text with an attachment', { type: 'text', body: 'hi', attachment: pdf }, 'attachment'],
    ['an image without attachment', { type: 'image', body: 'look' }, 'attachment'],
    [
      'an http attachment',
      { type: 'file', attachment: { ...pdf, url: 'http://files.example.com/a.pdf' } },
      'attachment.url',
    ],
    [
      'a javascript: attachment',
      { type: 'file', attachment: { ...pdf, url: 'javascript:alert(1)' } },
      'attachment.url',
    ],
    [
      'an attachment over 25 MiB',
      { type: 'file', attachment: { ...pdf, size: 26214401 } },
      'attachment.size',
    ],
    ['a nameless attachment', { type: 'file', attachment: { ...pdf, name: '' } }, 'attachment.name'],
    ['an image that is a pdf', { type: 'image', attachment: pdf }, 'attachment.mimeType'],
    [
      'an unknown attachment field',
      { type: 'file', attachment: { ...pdf, thumbnail: 'x' } },
      'attachment.thumbnail',
    ],
    ['a sender', { type: 'text', body: 'hi', senderId: randomUUID() }, 'senderId'],
  ])('refuses %s with 422 and stores nothing', async (_, body, field) => {
    const { renter, conversation } = await inquiry();
    const res = await post(renter, conversation.id, body);
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    const [{ n }] = await t.db.query(
      'SELECT count(*)::int AS n FROM messaging.messages WHERE conversation_id = $1',
      [conversation.id],
    );
    expect(n).toBe(1);
  });

  it('pages newest first with a cursor, every message exactly once', async () => {
    const { renter, conversation } = await inquiry('m0');
    for (let i = 1; i < 25; i++) await postText(t, i % 2 ? owner : renter, conversation.id, `m${i}`);
    const seen: string[] = [];
    let before: string | undefined;
    const sizes: number[] = [];
    do {
      const res = await page(renter, conversation.id, { limit: 10, ...(before ? { before } : {}) });
      expect(res.status).toBe(200);
      sizes.push(res.body.items.length);
      seen.push(...res.body.items.map((m: MessageBody) => m.body));
      before = res.body.nextCursor ?? undefined;
    } while (before);
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `m${24 - i}`));
  });

  it('stays stable while messages arrive between pages: nothing skipped, nothing repeated', async () => {
    const { renter, conversation } = await inquiry('old-0');
    for (let i = 1; i < 12; i++) await postText(t, renter, conversation.id, `old-${i}`);
    const first = await page(owner, conversation.id, { limit: 5 });
    // Concurrent writers from both sides while the reader holds a cursor.
    await Promise.all(
      Array.from({ length: 10 }, (_, i) => postText(t, i % 2 ? owner : renter, conversation.id, `new-${i}`)),
    );
    const rest: string[] = [];
    let before: string | null = first.body.nextCursor;
    while (before) {
      const res = await page(owner, conversation.id, { limit: 4, before });
      rest.push(...res.body.items.map((m: MessageBody) => m.body));
      before = res.body.nextCursor;
    }
    const walked = [...first.body.items.map((m: MessageBody) => m.body), ...rest];
    expect(walked).toEqual(Array.from({ length: 12 }, (_, i) => `old-${11 - i}`));

    const all = await allMessages(t, owner, conversation.id, 7);
    expect(all).toHaveLength(22);
    expect(new Set(all.map((m) => m.id)).size).toBe(22);
    const positions = await t.db.query(
      `SELECT created_at, id FROM messaging.messages WHERE conversation_id = $1 ORDER BY created_at, id`,
      [conversation.id],
    );
    expect(all.map((m) => m.id)).toEqual(positions.map((p: { id: string }) => p.id));
  });

  it('orders messages of the very same instant by id, and pages through them without loss', async () => {
    const { renter, conversation } = await inquiry('before');
    const sameInstant = '2100-01-01T00:00:00.123456Z';
    const ids = Array.from({ length: 9 }, () => randomUUID());
    for (const id of ids)
      await t.db.query(
        `INSERT INTO messaging.messages (id, conversation_id, sender_id, type, body, created_at)
         VALUES ($1, $2, $3, 'text', $4, $5)`,
        [id, conversation.id, renter.id, `same instant ${id}`, sameInstant],
      );
    const walked: string[] = [];
    let before: string | undefined;
    do {
      const res = await page(owner, conversation.id, { limit: 2, ...(before ? { before } : {}) });
      walked.push(...res.body.items.map((m: MessageBody) => m.id));
      before = res.body.nextCursor ?? undefined;
    } while (before);
    expect(walked.slice(0, 9)).toEqual([...ids].sort().reverse());
    expect(walked).toHaveLength(10);
  });

  it.each([
    ['garbage', { before: 'not-a-cursor!' }],
    [
      'a tampered cursor',
      { before: Buffer.from(`m1|2026-01-01T00:00:00.000000Z|x' OR 1=1`).toString('base64url') },
    ],
    ['a limit over 100', { limit: 101 }],
    ['a limit of 0', { limit: 0 }],
  ])('refuses %s with 422', async (_, query) => {
    const { renter, conversation } = await inquiry();
    const res = await page(renter, conversation.id, query);
    expect(res.status).toBe(422);
  });

  it('keeps concurrent posts strictly ordered, each at a later instant than the previous', async () => {
    const { renter, conversation } = await inquiry();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        post(i % 2 ? owner : renter, conversation.id, { type: 'text', body: `c${i}` }),
      ),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    const rows = await t.db.query(
      `SELECT created_at > lag(created_at) OVER (ORDER BY created_at, id) AS later
       FROM messaging.messages WHERE conversation_id = $1 ORDER BY created_at, id`,
      [conversation.id],
    );
    expect(rows).toHaveLength(21);
    expect(rows.slice(1).every((r: { later: boolean }) => r.later)).toBe(true);
    const [c] = await t.db.query(
      `SELECT c.last_message_at = max(m.created_at) AS in_step FROM messaging.conversations c
       JOIN messaging.messages m ON m.conversation_id = c.id WHERE c.id = $1 GROUP BY c.last_message_at`,
      [conversation.id],
    );
    expect(c.in_step).toBe(true);
  });
});
