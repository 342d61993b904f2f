import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import type { MessageContent } from '../domain/message-content';
import { contentProblems } from '../domain/message-content';
import { decodeCursor, encodeCursor } from '../domain/message-cursor';
import { MessagingErrors } from '../domain/messaging.errors';
import { TrustApi } from '../../trust';
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
  ) {}

  /**
   * The conversation's other person; 404 when the caller is not in it. While either of the two
   * blocks the other, the conversation is hidden from both (reads answer 404, posting the 403
   * MESSAGING.BLOCKED); lifting the block brings it back whole.
   */
  private async counterpart(
    manager: EntityManager,
    conversationId: string,
    callerId: string,
    whenBlocked: () => Error,
  ): Promise<string> {
    const other = await counterpartIn(manager, conversationId, callerId);
    if (other === null) throw MessagingErrors.conversationNotFound();
    if (await this.trust.blockedBetween(callerId, other)) throw whenBlocked();
    return other;
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
    const { result } = await this.idempotency.run(
      {
        schema: 'messaging',
        operation: 'messaging.post-message',
        userId: callerId,
        key: idempotencyKey,
        request: { conversationId, ...content },
      },
      async (manager) => {
        await this.counterpart(manager, conversationId, callerId, MessagingErrors.blocked);
        const row = await appendMessage(manager, conversationId, {
          type: content.type,
          senderId: callerId,
          body: content.body ?? null,
          attachment: content.attachment ?? null,
        });
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
    const manager = this.dataSource.manager;
    await this.counterpart(manager, conversationId, callerId, MessagingErrors.conversationNotFound);
    const { rows, hasMore } = await messagesBefore(manager, conversationId, position, limit);
    const last = rows[rows.length - 1];
    return {
      items: rows.map(toMessageView),
      nextCursor: hasMore && last ? encodeCursor({ createdAt: last.position_at, id: last.id }) : null,
    };
  }

  /** Marks read up to a message (default: the latest); the position only ever moves forward. */
  async markRead(callerId: string, conversationId: string, upToMessageId?: string): Promise<ReadState> {
    await this.dataSource.transaction(async (manager) => {
      await this.counterpart(manager, conversationId, callerId, MessagingErrors.conversationNotFound);
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
