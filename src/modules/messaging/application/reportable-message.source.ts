import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import type { ReportableContent } from '../../trust';
import { ReportableContentRegistry } from '../../trust';

/**
 * Tells trust what a reported message is. Only someone in the conversation can report one of its
 * messages (to anyone else it does not exist). Blocks do not matter here: reporting the person one
 * just blocked for harassment is the usual case. System messages have no author to answer for
 * them and cannot be reported.
 */
@Injectable()
export class ReportableMessageSource implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ReportableContentRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.register('message', (messageId, reporterId) => this.describe(messageId, reporterId));
  }

  async describe(messageId: string, reporterId: string): Promise<ReportableContent | null> {
    const [row] = await primaryQuery<{
      conversation_id: string;
      sender_id: string;
      type: string;
      body: string | null;
      attachment_url: string | null;
      attachment_name: string | null;
      attachment_mime_type: string | null;
      created_at: Date;
    }>(
      this.dataSource,
      `SELECT m.conversation_id, m.sender_id, m.type, m.body, m.attachment_url, m.attachment_name,
              m.attachment_mime_type, m.created_at
       FROM messaging.messages m
       JOIN messaging.conversation_participants p
         ON p.conversation_id = m.conversation_id AND p.user_id = $2
       WHERE m.id = $1 AND m.sender_id IS NOT NULL AND m.removed_at IS NULL`,
      [messageId, reporterId],
    );
    if (!row) return null;
    return {
      authorId: row.sender_id,
      snapshot: {
        body: row.body,
        type: row.type,
        // An image or a file is what was sent: the moderator needs to find it.
        attachment: row.attachment_url
          ? { url: row.attachment_url, name: row.attachment_name, mimeType: row.attachment_mime_type }
          : null,
        senderId: row.sender_id,
        conversationId: row.conversation_id,
        sentAt: row.created_at.toISOString(),
      },
    };
  }
}
