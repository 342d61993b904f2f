import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

interface ConversationRow {
  id: string;
  product_id: string;
  rental_id: string | null;
  renter_id: string;
  owner_id: string;
  role: string;
  last_read_at: Date | null;
  created_at: Date;
}

interface MessageRow {
  id: string;
  conversation_id: string;
  sender_id: string | null;
  type: string;
  body: string | null;
  attachment_url: string | null;
  attachment_name: string | null;
  attachment_size: number | null;
  attachment_mime_type: string | null;
  system_event: string | null;
  created_at: Date;
  removed_at: Date | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Messaging's section of a person's data export: every conversation they take part in, with all
 * its messages, those they sent and those they received (a conversation is theirs to read). A
 * message a moderator removed is the author's data still (marked `removedAt`), and nobody else's.
 */
@Injectable()
export class MessagingPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('messaging', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const conversations: ConversationRow[] = await this.dataSource.query(
      `SELECT c.id, c.product_id, c.rental_id, c.renter_id, c.owner_id, p.role, p.last_read_at, c.created_at
       FROM messaging.conversation_participants p JOIN messaging.conversations c ON c.id = p.conversation_id
       WHERE p.user_id = $1 ORDER BY c.created_at, c.id`,
      [userId],
    );
    const messages: MessageRow[] = await this.dataSource.query(
      `SELECT m.id, m.conversation_id, m.sender_id, m.type, m.body, m.attachment_url, m.attachment_name,
              m.attachment_size, m.attachment_mime_type, m.system_event, m.created_at, m.removed_at
       FROM messaging.messages m
       JOIN messaging.conversation_participants p ON p.conversation_id = m.conversation_id AND p.user_id = $1
       WHERE m.removed_at IS NULL OR m.sender_id = $1
       ORDER BY m.conversation_id, m.created_at, m.id`,
      [userId],
    );
    return {
      conversations: conversations.map((c) => ({
        id: c.id,
        productId: c.product_id,
        rentalId: c.rental_id,
        myRole: c.role,
        counterpartId: c.role === 'renter' ? c.owner_id : c.renter_id,
        lastReadAt: iso(c.last_read_at),
        createdAt: iso(c.created_at),
        messages: messages
          .filter((m) => m.conversation_id === c.id)
          .map((m) => ({
            id: m.id,
            type: m.type,
            direction: m.sender_id === null ? 'system' : m.sender_id === userId ? 'sent' : 'received',
            senderId: m.sender_id,
            body: m.body,
            attachment: m.attachment_url
              ? {
                  url: m.attachment_url,
                  name: m.attachment_name,
                  size: m.attachment_size,
                  mimeType: m.attachment_mime_type,
                }
              : null,
            systemEvent: m.system_event,
            createdAt: iso(m.created_at),
            removedAt: iso(m.removed_at),
          })),
      })),
    };
  }
}
