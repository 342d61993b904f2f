import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import { IdentityApi } from '../../identity';

/**
 * Catalog's view of which owners are active, kept on their products (`owner_active`) so search
 * filters on a plain, indexed column. Identity publishes no status events, so this is refreshed
 * whenever catalog asks identity about owners anyway (search pages, detail views, owner writes),
 * and a periodic job re-checks the owners recorded as inactive.
 */
@Injectable()
export class OwnerStatus {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(IdentityApi) private readonly identity: IdentityApi,
  ) {}

  /** Asks identity about these owners, records the answer, and returns the inactive ones. */
  async refresh(ownerIds: string[], manager?: EntityManager): Promise<Set<string>> {
    const ids = [...new Set(ownerIds)];
    if (ids.length === 0) return new Set();
    const active = new Set((await this.identity.findPublicUsers(ids)).map((u) => u.id));
    const inactive = ids.filter((id) => !active.has(id));
    await this.record(manager, [...active], inactive);
    return new Set(inactive);
  }

  /**
   * Only rows whose flag changes are written, so the common case (nothing changed) writes nothing.
   * Outside a transaction (every search page and product view) straight on the primary's pool.
   */
  async record(manager: EntityManager | undefined, active: string[], inactive: string[]): Promise<void> {
    const query = (sql: string, params: unknown[]) =>
      manager ? manager.query(sql, params) : primaryQuery(this.dataSource, sql, params);
    if (active.length > 0)
      await query(
        'UPDATE catalog.products SET owner_active = true WHERE owner_id = ANY($1::uuid[]) AND NOT owner_active',
        [active],
      );
    if (inactive.length > 0)
      await query(
        'UPDATE catalog.products SET owner_active = false WHERE owner_id = ANY($1::uuid[]) AND owner_active',
        [inactive],
      );
  }

  /** The periodic re-check: owners recorded as inactive who are active again get their listings back. */
  async recheckInactive(manager: EntityManager): Promise<void> {
    const rows: { owner_id: string }[] = await manager.query(
      'SELECT DISTINCT owner_id FROM catalog.products WHERE NOT owner_active LIMIT 1000',
    );
    await this.refresh(
      rows.map((r) => r.owner_id),
      manager,
    );
  }
}
