import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ConversationParties } from '../domain/conversation-participants';
import type { MilestoneFacts, RentalMilestone } from '../domain/system-messages';
import { systemMessageFor } from '../domain/system-messages';
import {
  appendMessage,
  findByRental,
  insertConversation,
  linkInquiry,
  lockPair,
} from '../persistence/conversation-store';

export interface RentalRef extends ConversationParties {
  rentalId: string;
  productId: string;
}

/**
 * A rental's conversation: the existing one, else the renter's open inquiry about the product
 * (linked to the rental from now on), else a new one. Used by the HTTP path and by the rental
 * event subscriber alike, so both end up in the same conversation whichever comes first.
 */
@Injectable()
export class RentalConversations {
  async ensure(manager: EntityManager, rental: RentalRef): Promise<string> {
    await lockPair(manager, rental.productId, rental.renterId);
    const existing = await findByRental(manager, rental.rentalId);
    if (existing) return existing;
    const linked = await linkInquiry(manager, rental.productId, rental.renterId, rental.rentalId);
    if (linked) return linked;
    const created = await insertConversation(manager, { ...rental });
    if (created) return created;
    // Unreachable while the pair lock is held; kept so a bug shows up as a retry, not a duplicate.
    const raced = await findByRental(manager, rental.rentalId);
    if (!raced) throw new Error(`Could not create the conversation of rental ${rental.rentalId}`);
    return raced;
  }

  /** Posts a system message from another step of the rental (a damage claim...) into its conversation. */
  async recordSystemMessage(
    manager: EntityManager,
    rental: RentalRef,
    message: { event: string; body: string },
    actorId: string | null,
  ): Promise<void> {
    const conversationId = await this.ensure(manager, rental);
    await appendMessage(manager, conversationId, {
      type: 'system',
      senderId: null,
      body: message.body,
      attachment: null,
      systemEvent: message.event,
      actorId,
    });
  }

  /** Posts the system message for a rental milestone into its conversation. */
  async recordMilestone(
    manager: EntityManager,
    milestone: RentalMilestone,
    rental: RentalRef & MilestoneFacts & { actorId: string | null },
  ): Promise<void> {
    const conversationId = await this.ensure(manager, rental);
    const message = systemMessageFor(milestone, rental);
    await appendMessage(manager, conversationId, {
      type: 'system',
      senderId: null,
      body: message.body,
      attachment: null,
      systemEvent: message.event,
      actorId: rental.actorId,
    });
  }
}
