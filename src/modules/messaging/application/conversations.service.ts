import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import type { EntityManager } from 'typeorm';
import type { Page } from '../../../platform/http/pagination';
import { CatalogApi } from '../../catalog';
import { RentalApi } from '../../rental';
import { TrustApi } from '../../trust';
import type { ConversationParties, OpenRefusal } from '../domain/conversation-participants';
import {
  counterpartOf,
  inquiryParties,
  rentalConversationParties,
} from '../domain/conversation-participants';
import { contentProblems } from '../domain/message-content';
import { MessagingErrors } from '../domain/messaging.errors';
import { conversationFor, inboxPage } from '../persistence/conversation-reader';
import { Outbox } from '../../../platform/events/outbox';
import { announceMessage } from './message-announcement';
import { appendMessage, findInquiry, insertConversation, lockPair } from '../persistence/conversation-store';
import type { MessageView } from '../persistence/message-row';
import { toMessageView } from '../persistence/message-row';
import type { ConversationView } from './conversation-view';
import { ConversationViews } from './conversation-view';
import { RentalConversations } from './rental-conversations';

type Inquiry = ConversationParties & { productId: string };

export type OpenConversationTarget = { rentalId: string } | { productId: string };

function refuse(refusal: OpenRefusal, notFound: () => Error): never {
  throw refusal === 'self' ? MessagingErrors.selfConversation() : notFound();
}

@Injectable()
export class ConversationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: CatalogApi,
    private readonly rentals: RentalApi,
    private readonly rentalConversations: RentalConversations,
    private readonly views: ConversationViews,
    private readonly idempotency: IdempotencyService,
    private readonly trust: TrustApi,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Opens (or reuses) the caller's conversation about a rental or a product and posts the first
   * message. Asking about the same product again lands in the same inquiry; asking about a rental
   * lands in the rental's conversation, which may be a linked inquiry.
   */
  async open(
    callerId: string,
    target: OpenConversationTarget,
    body: string,
    idempotencyKey?: string,
  ): Promise<ConversationView & { message: MessageView }> {
    const problems = contentProblems({ type: 'text', body });
    if (problems.length > 0)
      throw MessagingErrors.invalidContent(problems.map((p) => ({ ...p, field: 'message' })));
    // Trust's own record: it holds while a suspended caller's access token lives on.
    if (await this.trust.isRestricted(callerId)) throw MessagingErrors.accountRestricted();
    const resolved = await this.resolve(callerId, target);
    await this.assertMayWrite(callerId, resolved);
    const { result } = await this.idempotency.run(
      {
        schema: 'messaging',
        operation: 'messaging.open-conversation',
        userId: callerId,
        key: idempotencyKey,
        request: { ...target, message: body },
      },
      async (manager) => {
        const id =
          'rentalId' in resolved
            ? await this.rentalConversations.ensure(manager, resolved)
            : await this.openInquiry(manager, resolved);
        const row = await appendMessage(manager, id, {
          type: 'text',
          senderId: callerId,
          body,
          attachment: null,
        });
        await announceMessage(this.outbox, manager, id, callerId, row.id);
        return { conversationId: id, message: toMessageView(row) };
      },
    );
    const { conversationId, message } = result;
    const row = await conversationFor(this.dataSource.manager, conversationId, callerId);
    if (!row) throw MessagingErrors.conversationNotFound();
    return { ...(await this.views.one(row, callerId)), message };
  }

  /** Without the conversations with anyone the caller blocked or was blocked by, while that lasts. */
  async list(callerId: string, page: number, limit: number): Promise<Page<ConversationView>> {
    const hidden = await this.trust.blockedWith(callerId);
    const { rows, total } = await inboxPage(
      this.dataSource.manager,
      callerId,
      limit,
      (page - 1) * limit,
      hidden,
    );
    return { items: await this.views.build(rows, callerId), page, limit, total };
  }

  /** 404 as well while either person blocks the other: the conversation is hidden from both. */
  async get(callerId: string, conversationId: string): Promise<ConversationView> {
    const row = await conversationFor(this.dataSource.manager, conversationId, callerId);
    if (!row || (await this.trust.blockedBetween(callerId, counterpartOf(row, callerId) as string)))
      throw MessagingErrors.conversationNotFound();
    return this.views.one(row, callerId);
  }

  /**
   * Nothing new with someone the caller blocked (403, they know it) or who blocked the caller (as
   * if what they asked about were not there: never tell someone they were blocked), nor an inquiry
   * to an owner trust restricts (their listings are hidden from everyone).
   */
  private async assertMayWrite(callerId: string, resolved: Inquiry | (Inquiry & { rentalId: string })) {
    const notThere =
      'rentalId' in resolved ? MessagingErrors.rentalNotFound : MessagingErrors.productNotFound;
    const other = resolved.renterId === callerId ? resolved.ownerId : resolved.renterId;
    const blocked = await this.trust.whoBlocked(callerId, other);
    if (blocked === 'caller') throw MessagingErrors.blocked();
    if (blocked === 'other') throw notThere();
    if (!('rentalId' in resolved) && (await this.trust.isRestricted(resolved.ownerId))) throw notThere();
  }

  private async resolve(
    callerId: string,
    target: OpenConversationTarget,
  ): Promise<Inquiry | (Inquiry & { rentalId: string })> {
    if ('rentalId' in target) {
      const rental = await this.rentals.findRental(target.rentalId);
      const parties = rentalConversationParties(rental, callerId);
      if (!rental || typeof parties === 'string')
        refuse(typeof parties === 'string' ? parties : 'not_found', MessagingErrors.rentalNotFound);
      return { ...parties, productId: rental.productId, rentalId: rental.id };
    }
    const product = await this.catalog.findProduct(target.productId);
    const parties = inquiryParties(product, callerId);
    if (typeof parties === 'string') refuse(parties, MessagingErrors.productNotFound);
    return { ...parties, productId: target.productId };
  }

  private async openInquiry(manager: EntityManager, inquiry: Inquiry): Promise<string> {
    await lockPair(manager, inquiry.productId, inquiry.renterId);
    const existing = await findInquiry(manager, inquiry.productId, inquiry.renterId);
    if (existing) return existing;
    const created = await insertConversation(manager, { ...inquiry, rentalId: null });
    if (created) return created;
    const raced = await findInquiry(manager, inquiry.productId, inquiry.renterId);
    if (!raced) throw new Error('Could not open the inquiry');
    return raced;
  }
}
