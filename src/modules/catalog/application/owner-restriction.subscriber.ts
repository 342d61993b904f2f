import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserReinstated, UserSuspended } from '../../trust';

/**
 * Serialises an owner's restriction changes with their new listings: a listing created while a
 * restriction is being applied either commits first (and the restriction's update covers it) or
 * reads catalog's record after it (and is created hidden). See ProductCommands.create.
 */
export async function lockOwnerRestriction(manager: EntityManager, ownerId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`catalog.owner-restriction:${ownerId}`]);
}

/** Whether catalog last heard that trust restricts this owner (take lockOwnerRestriction first). */
export async function isOwnerRestricted(manager: EntityManager, ownerId: string): Promise<boolean> {
  const [row]: { restricted: boolean }[] = await manager.query(
    'SELECT restricted FROM catalog.owner_restrictions WHERE owner_id = $1',
    [ownerId],
  );
  return row?.restricted ?? false;
}

/**
 * Catalog's copy of whether an owner may be shown (`owner_active`, a plain indexed column search
 * filters on), kept from trust's events: a suspended or banned owner's listings leave search and
 * detail for everyone but the owner, and come back when trust reinstates them. Each event carries
 * trust's sequence: one older than the last applied (a late delivery) changes nothing. Erased
 * owners' listings are withdrawn by CatalogUserErasureSubscriber and never come back.
 */
@Injectable()
export class OwnerRestrictionSubscriber implements OnModuleInit {
  constructor(private readonly bus: EventBus) {}

  onModuleInit(): void {
    this.bus.subscribe(UserSuspended, {
      name: 'catalog.hide-suspended-owner',
      inbox: 'catalog',
      handle: (event, manager) => this.record(manager, event.payload.userId, true, event.payload.sequence),
    });
    this.bus.subscribe(UserReinstated, {
      name: 'catalog.show-reinstated-owner',
      inbox: 'catalog',
      handle: (event, manager) => this.record(manager, event.payload.userId, false, event.payload.sequence),
    });
  }

  /** Only product rows whose flag changes are written (ix_products_owner finds them). */
  async record(
    manager: EntityManager,
    ownerId: string,
    restricted: boolean,
    sequence: number,
  ): Promise<void> {
    await lockOwnerRestriction(manager, ownerId);
    // TypeORM answers an INSERT ... RETURNING with the rows (an UPDATE with [rows, affected]).
    const applied: unknown[] = await manager.query(
      `INSERT INTO catalog.owner_restrictions (owner_id, restricted, sequence) VALUES ($1, $2, $3)
       ON CONFLICT (owner_id) DO UPDATE SET restricted = $2, sequence = $3, updated_at = now()
         WHERE catalog.owner_restrictions.sequence < $3
       RETURNING owner_id`,
      [ownerId, restricted, sequence],
    );
    if (applied.length === 0) return;
    await manager.query(
      `UPDATE catalog.products SET owner_active = $2
       WHERE owner_id = $1 AND owner_active <> $2 AND deleted_at IS NULL`,
      [ownerId, !restricted],
    );
  }
}
