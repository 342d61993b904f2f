import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuditActor } from '../../../platform/audit/audit-entry';
import { Outbox } from '../../../platform/events/outbox';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { CatalogErrors } from '../domain/catalog.errors';
import type { ModeratorAction } from '../domain/listing-status';
import { lockListing, moderate } from './listing-transitions';
import type { ModerationQueue } from './moderation-queue';
import { moderationQueuePage } from './moderation-queue';
import { ProductReader } from './product-reader';
import type { ProductView } from './product-view';

export interface ListingPage {
  items: ProductView[];
  nextCursor: string | null;
}

const CURSOR_VERSION: Record<ModerationQueue, string> = { pending_approval: 'lq1', hidden: 'lh1' };

/**
 * Moderators' decisions on listings: trust's takedowns (ListingHidden), and the approval queue's
 * approve and reject. Each locks the listing's row for its decision, so two moderators acting at
 * once give one outcome; the other is told the listing no longer awaits approval (409).
 */
@Injectable()
export class ListingModeration {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly reader: ProductReader,
  ) {}

  /**
   * Trust took a listing down, in the inbox's transaction: it leaves search and detail for
   * everyone but its owner, who sees the reason. A deleted (or unknown) listing stays as it is.
   */
  async hide(manager: EntityManager, productId: string, reason: string, decidedAt: Date): Promise<void> {
    const product = await lockListing(manager, productId);
    if (!product) return;
    const { events } = await moderate(manager, product, 'hide', decidedAt, reason);
    await this.outbox.publish(manager, 'catalog', ...events);
  }

  approve(admin: AuditActor, productId: string): Promise<ProductView> {
    return this.decide(admin, productId, 'approve');
  }

  /** The listing is hidden with `reason`, which its owner sees; they may edit it and resubmit it. */
  reject(admin: AuditActor, productId: string, reason: string): Promise<ProductView> {
    return this.decide(admin, productId, 'reject', reason);
  }

  /** Oldest first (submitted, or hidden), keyset pages. */
  async queue(status: ModerationQueue, cursor: string | undefined, limit: number): Promise<ListingPage> {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION[status], cursor);
    if (cursor !== undefined && position === null) throw CatalogErrors.invalidCursor();
    const { rows, hasMore } = await moderationQueuePage(this.dataSource.manager, status, position, limit);
    const items = await this.reader.forModerators(rows.map((r) => r.id));
    const last = rows.at(-1);
    return {
      items,
      nextCursor: hasMore && last ? encodeKeysetCursor(CURSOR_VERSION[status], last) : null,
    };
  }

  private async decide(
    admin: AuditActor,
    productId: string,
    action: Exclude<ModeratorAction, 'hide'>,
    reason: string | null = null,
  ): Promise<ProductView> {
    await this.dataSource.transaction(async (manager) => {
      const product = await lockListing(manager, productId);
      if (!product) throw CatalogErrors.productNotFound();
      // Otherwise an admin could approve their own listing past another moderator's takedown.
      if (typeof admin !== 'string' && product.ownerId === admin.id) throw CatalogErrors.cannotModerateOwn();
      const { from, events } = await moderate(manager, product, action, new Date(), reason);
      await this.outbox.publish(manager, 'catalog', ...events);
      // No free text in the audit log: the reason stays on the listing.
      await this.audit.record(manager, {
        actor: admin,
        action: action === 'approve' ? 'catalog.listing_approved' : 'catalog.listing_rejected',
        target: { type: 'listing', id: productId },
        details: { ownerId: product.ownerId, from, to: product.status },
      });
    });
    const [view] = await this.reader.forModerators([productId]);
    return view;
  }
}
