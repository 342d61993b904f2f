import { Injectable } from '@nestjs/common';
import { CatalogApi } from '../../catalog';
import { IdentityApi } from '../../identity';
import type { ParticipantRole } from '../domain/conversation-participants';
import { counterpartOf } from '../domain/conversation-participants';
import type { ConversationRow } from '../persistence/conversation-reader';
import type { MessageView } from '../persistence/message-row';
import { toMessageView } from '../persistence/message-row';

export interface ConversationView {
  id: string;
  kind: 'inquiry' | 'rental';
  productId: string;
  rentalId: string | null;
  /** The caller's role in the conversation. */
  myRole: ParticipantRole;
  participants: { userId: string; role: ParticipantRole }[];
  /** The other person's public view ('Deleted user' once they erased their account); null when suspended. */
  counterpart: { id: string; displayName: string; avatarUrl: string | null } | null;
  product: { id: string; title: string } | null;
  lastMessage: MessageView | null;
  unreadCount: number;
  lastReadMessageId: string | null;
  lastActivityAt: string;
  createdAt: string;
}

/**
 * Turns conversation rows into what the caller sees, naming the other person and the product with
 * one batched call to each owning context (never one call per row).
 */
@Injectable()
export class ConversationViews {
  constructor(
    private readonly identity: IdentityApi,
    private readonly catalog: CatalogApi,
  ) {}

  async build(rows: ConversationRow[], callerId: string): Promise<ConversationView[]> {
    if (rows.length === 0) return [];
    const counterpartIds = rows.map((r) => counterpartOf(r, callerId) as string);
    const [users, products] = await Promise.all([
      this.identity.describeUsers([...new Set(counterpartIds)]),
      this.catalog.findProducts([...new Set(rows.map((r) => r.productId))]),
    ]);
    const userById = new Map(users.map((u) => [u.id, u]));
    const productById = new Map(products.map((p) => [p.id, p]));
    return rows.map((row, i) => {
      const user = userById.get(counterpartIds[i]);
      const product = productById.get(row.productId);
      return {
        id: row.id,
        kind: row.rentalId === null ? 'inquiry' : 'rental',
        productId: row.productId,
        rentalId: row.rentalId,
        myRole: row.role,
        participants: [
          { userId: row.renterId, role: 'renter' },
          { userId: row.ownerId, role: 'owner' },
        ],
        counterpart: user ? { id: user.id, displayName: user.displayName, avatarUrl: user.avatarUrl } : null,
        product: product ? { id: product.id, title: product.title } : null,
        lastMessage: row.lastMessage ? toMessageView(row.lastMessage) : null,
        unreadCount: row.unreadCount,
        lastReadMessageId: row.lastReadMessageId,
        lastActivityAt: row.lastMessageAt.toISOString(),
        createdAt: row.createdAt.toISOString(),
      };
    });
  }

  async one(row: ConversationRow, callerId: string): Promise<ConversationView> {
    const [view] = await this.build([row], callerId);
    return view;
  }
}
