import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserReinstated, UserSuspended } from '../../trust';

/**
 * Serialises an owner's restriction changes with their new listings: a listing created while a
 * suspension is being applied either commits first (and the suspension's update covers it) or
 * asks trust afterwards (and is created hidden). See ProductCommands.create.
 */
export async function lockOwnerRestriction(manager: EntityManager, ownerId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog.owner-restriction:${ownerId}`]);
}

/**
 * Catalog's copy of whether an owner may be shown (`owner_active`, a plain indexed column search
 * filters on), kept from trust's events: a suspended or banned owner's listings leave search and
 * detail for everyone but the owner, and come back when trust reinstates them. Erased owners'
 * listings are withdrawn by CatalogUserErasureSubscriber and never come back.
 */
@Injectable()
export class OwnerRestrictionSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserSuspended, {
      name: 'catalog.hide-suspended-owner',
      inbox: 'catalog',
      handle: (event, manager) => this.record(manager, event.payload.userId, false),
    });
    this.bus.subscribe(UserReinstated, {
      name: 'catalog.show-reinstated-owner',
      inbox: 'catalog',
      handle: (event, manager) => this.record(manager, event.payload.userId, true),
    });
  }

  /** Only rows whose flag changes are written (ix_products_owner finds them). */
  async record(manager: EntityManager, ownerId: string, active: boolean): Promise<void> {
    await lockOwnerRestriction(manager, ownerId);
    await manager.query(
      `UPDATE catalog.products SET owner_active = $2
       WHERE owner_id = $1 AND owner_active <> $2 AND deleted_at IS NULL`,
      [ownerId, active],
    );
  }
}
