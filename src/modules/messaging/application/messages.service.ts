import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import type { MessageContent } from '../domain/message-content';
import { contentProblems } from '../domain/message-content';
import { decodeCursor, encodeCursor } from '../domain/message-cursor';
import { MessagingErrors } from '../domain/messaging.errors';
import { TrustApi } from '../../trust';
import { announceMessage } from './message-announcement';
import {
  conversationFor,
  counterpartIn,
  latestMessageId,
  messagesBefore,
} from '../persistence/conversation-reader';
import { appendMessage, markRead } from '../persistence/conversation-store';
import type { MessageView } from '../persistence/message-row';
import { toMessageView } from '../persistence/message-row';

export interface MessagePage {
  items: MessageView[];
  /** Pass as `before` for the next (older) page; null at the beginning of the conversation. */
  nextCursor: string | null;
}

export interface ReadState {
  conversationId: string;
  lastReadMessageId: string | null;
  unreadCount: number;
}

@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly idempotency: IdempotencyService,
    private readonly trust: TrustApi,
    private readonly outbox: Outbox,
  ) {}

  /**
   * 404 when the caller is not in the conversation. While either of the two blocks the other, the
   * conversation is hidden from both (404); the one who blocked is told why when they try to post
   * (403 MESSAGING.BLOCKED), the other never. Lifting the block brings it back whole. Asked before
   * any transaction: trust's answer takes a connection of its own.
   */
  private async assertVisible(conversationId: string, callerId: string, posting = false): Promise<void> {
    const other = await counterpartIn(this.dataSource.manager, conversationId, callerId);
    if (other === null) throw MessagingErrors.conversationNotFound();
    const blocked = await this.trust.whoBlocked(callerId, other);
    if (blocked === 'caller' && posting) throw MessagingErrors.blocked();
    if (blocked !== 'nobody') throw MessagingErrors.conversationNotFound();
  }

  /** With an Idempotency-Key, a retried send returns the first message instead of posting again. */
  async post(
    callerId: string,
    conversationId: string,
    content: MessageContent,
    idempotencyKey?: string,
  ): Promise<MessageView> {
    const problems = contentProblems(content);
    if (problems.length > 0) throw MessagingErrors.invalidContent(problems);
    // Trust's own record: it holds while a suspended caller's access token lives on.
    if (await this.trust.isRestricted(callerId)) throw MessagingErrors.accountRestricted();
    await this.assertVisible(conversationId, callerId, true);
    const { result } = await this.idempotency.run(
      {
        schema: 'messaging',
        operation: 'messaging.post-message',
        userId: callerId,
        key: idempotencyKey,
        request: { conversationId, ...content },
      },
      async (manager) => {
        const row = await appendMessage(manager, conversationId, {
          type: content.type,
          senderId: callerId,
          body: content.body ?? null,
          attachment: content.attachment ?? null,
        });
        await announceMessage(this.outbox, manager, conversationId, callerId, row.id);
        return toMessageView(row);
      },
    );
    return result;
  }

  /** Newest first; `before` continues from a previous page's nextCursor. */
  async page(
    callerId: string,
    conversationId: string,
    before: string | undefined,
    limit: number,
  ): Promise<MessagePage> {
    const position = before === undefined ? null : decodeCursor(before);
    if (before !== undefined && position === null) throw MessagingErrors.invalidCursor();
    await this.assertVisible(conversationId, callerId);
    const { rows, hasMore } = await messagesBefore(this.dataSource.manager, conversationId, position, limit);
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toMessageView),
      nextCursor: hasMore && last ? encodeCursor({ createdAt: last.position_at, id: last.id }) : null,
    };
  }

  /** Marks read up to a message (default: the latest); the position only ever moves forward. */
  async markRead(callerId: string, conversationId: string, upToMessageId?: string): Promise<ReadState> {
    await this.assertVisible(conversationId, callerId);
    await this.dataSource.transaction(async (manager) => {
      const target = upToMessageId ?? (await latestMessageId(manager, conversationId));
      if (target === null) return;
      if (!(await markRead(manager, conversationId, callerId, target)))
        throw MessagingErrors.messageNotFound();
    });
    const row = await conversationFor(this.dataSource.manager, conversationId, callerId);
    if (!row) throw MessagingErrors.conversationNotFound();
    return { conversationId, lastReadMessageId: row.lastReadMessageId, unreadCount: row.unreadCount };
  }
}
