import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import { TrustApi } from '../contracts/trust-api';
import type { BlockSide } from '../contracts/trust-api';
import { BLOCKED_BETWEEN_SQL, BLOCKED_WITH_SQL, WHO_BLOCKED_SQL } from '../persistence/block.store';
import { IS_RESTRICTED_SQL } from '../persistence/sanction.store';

/**
 * TrustApi in this process. Others ask it on hot paths (every signed-in search, inbox and message),
 * so it is plain SQL on the primary: a block holds from the moment its PUT answered, never only
 * once a replica has caught up.
 */
@Injectable()
export class TrustApiService extends TrustApi {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async blockedBetween(a: string, b: string): Promise<boolean> {
    if (a === b) return false;
    const [row] = await primaryQuery<{ blocked: boolean }>(this.dataSource, BLOCKED_BETWEEN_SQL, [a, b]);
    return row.blocked;
  }

  async whoBlocked(callerId: string, otherId: string): Promise<BlockSide> {
    if (callerId === otherId) return 'nobody';
    const [row] = await primaryQuery<{ by_caller: boolean; by_other: boolean }>(
      this.dataSource,
      WHO_BLOCKED_SQL,
      [callerId, otherId],
    );
    return row.by_caller ? 'caller' : row.by_other ? 'other' : 'nobody';
  }

  async blockedWith(userId: string): Promise<string[]> {
    const rows = await primaryQuery<{ id: string }>(this.dataSource, BLOCKED_WITH_SQL, [userId]);
    return rows.map((r) => r.id);
  }

  async isRestricted(userId: string): Promise<boolean> {
    const [row] = await primaryQuery<{ restricted: boolean }>(this.dataSource, IS_RESTRICTED_SQL, [userId]);
    return row.restricted;
  }
}
