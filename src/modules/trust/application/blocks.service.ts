import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Outbox } from '../../../platform/events/outbox';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import type { PublicUser } from '../../identity';
import { IdentityApi } from '../../identity';
import { UserBlocked, UserUnblocked } from '../contracts/trust.events';
import { BlockErrors } from '../domain/block.errors';
import { blocksOf, deleteBlock, insertBlock } from '../persistence/block.store';

export interface BlockView {
  userId: string;
  blockedAt: string;
  /** The blocked person's public view; null while their account is suspended. */
  user: PublicUser | null;
}

export interface BlockPage {
  items: BlockView[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'bl1';

/** A person's blocks: each stops anything new between the two, both ways, until it is lifted. */
@Injectable()
export class BlocksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: IdentityApi,
    private readonly outbox: Outbox,
  ) {}

  /** Idempotent: blocking someone already blocked answers the standing block and publishes nothing. */
  async block(blockerId: string, blockedId: string): Promise<BlockView> {
    if (blockerId === blockedId) throw BlockErrors.cannotBlockSelf();
    const user = await this.identity.findPublicUser(blockedId);
    if (!user) throw BlockErrors.userNotFound();
    const row = await this.dataSource.transaction(async (manager) => {
      const stored = await insertBlock(manager, blockerId, blockedId);
      if (stored.created)
        await this.outbox.publish(manager, 'trust', UserBlocked.create({ blockerId, blockedId }));
      return stored;
    });
    return { userId: blockedId, blockedAt: row.blockedAt, user };
  }

  /** Idempotent: lifting a block that is not there (or of an unknown user) changes nothing. */
  async unblock(blockerId: string, blockedId: string): Promise<void> {
    if (blockerId === blockedId) throw BlockErrors.cannotBlockSelf();
    await this.dataSource.transaction(async (manager) => {
      if (await deleteBlock(manager, blockerId, blockedId))
        await this.outbox.publish(manager, 'trust', UserUnblocked.create({ blockerId, blockedId }));
    });
  }

  /** Newest first; keyset pages on (blockedAt, userId). */
  async list(blockerId: string, cursor: string | undefined, limit: number): Promise<BlockPage> {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, cursor);
    if (cursor !== undefined && position === null) throw BlockErrors.invalidCursor();
    // On the primary: a block just made must be in the list its author reads next.
    const { rows, hasMore } = await blocksOf(this.dataSource.manager, blockerId, position, limit);
    const users = rows.length ? await this.identity.findPublicUsers(rows.map((r) => r.blockedId)) : [];
    const userById = new Map(users.map((u) => [u.id, u]));
    const last = rows.at(-1);
    return {
      items: rows.map((r) => ({
        userId: r.blockedId,
        blockedAt: r.blockedAt,
        user: userById.get(r.blockedId) ?? null,
      })),
      nextCursor:
        hasMore && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.blockedAt, id: last.blockedId })
          : null,
    };
  }
}
