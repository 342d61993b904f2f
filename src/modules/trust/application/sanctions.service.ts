import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../../../platform/auth/auth-user';
import type { KeysetPosition } from '../../../platform/http/keyset-cursor';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { IdentityApi } from '../../identity';
import { SanctionErrors } from '../domain/sanction.errors';
import type { SanctionKind } from '../domain/trust-vocabulary';
import type { SanctionRow } from '../persistence/sanction.store';
import { sanctionsOf } from '../persistence/sanction.store';
import { SanctionLedger } from './sanction-ledger';

/** A sanction as the sanctioned person sees it (GET /trust/sanctions). */
export interface OwnSanctionView {
  id: string;
  kind: SanctionKind;
  reason: string;
  startsAt: string;
  /** A suspension's end; null for a warning or a ban. */
  endsAt: string | null;
  liftedAt: string | null;
  /** Whether it restricts the user now (a suspension or ban neither ended nor lifted). */
  standing: boolean;
}

/** A sanction as moderators see it. */
export interface SanctionView extends OwnSanctionView {
  userId: string;
  reportId: string | null;
  imposedBy: string | null;
  liftedBy: string | null;
  liftNote: string | null;
}

export interface SanctionPage<T> {
  items: T[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'sa1';

const standing = (s: SanctionRow, now: Date) =>
  s.kind !== 'warning' &&
  s.liftedAt === null &&
  s.expiredAt === null &&
  (s.endsAt === null || s.endsAt > now);

export function toOwnSanctionView(s: SanctionRow, now = new Date()): OwnSanctionView {
  return {
    id: s.id,
    kind: s.kind,
    reason: s.reason,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt?.toISOString() ?? null,
    liftedAt: s.liftedAt?.toISOString() ?? null,
    standing: standing(s, now),
  };
}

export function toSanctionView(s: SanctionRow, now = new Date()): SanctionView {
  return {
    ...toOwnSanctionView(s, now),
    userId: s.userId,
    reportId: s.reportId,
    imposedBy: s.imposedBy,
    liftedBy: s.liftedBy,
    liftNote: s.liftNote,
  };
}

/** Every sanction a person received, oldest first, as they see them: their data export's part. */
export async function receivedSanctions(manager: EntityManager, userId: string): Promise<OwnSanctionView[]> {
  const rows: SanctionRow[] = [];
  let before: KeysetPosition | null = null;
  for (;;) {
    const page = await sanctionsOf(manager, userId, before, 100);
    rows.push(...page.rows);
    const last = page.rows.at(-1);
    if (!page.hasMore || !last) break;
    before = { at: last.createdAt, id: last.id };
  }
  const now = new Date();
  return rows.reverse().map((r) => toOwnSanctionView(r, now));
}

/** 404 for an unknown or erased account; 409 for restricting an admin (warning one is fine). */
export async function assertSanctionable(
  identity: IdentityApi,
  userId: string,
  kind: SanctionKind,
): Promise<void> {
  const role = await identity.accountRole(userId);
  if (role === null) throw SanctionErrors.userNotFound();
  if (role === 'admin' && kind !== 'warning') throw SanctionErrors.targetIsAdmin();
}

/** Moderators warn, suspend and ban users and lift what they imposed; users read what they received. */
@Injectable()
export class SanctionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly identity: IdentityApi,
    private readonly ledger: SanctionLedger,
  ) {}

  async impose(
    moderator: AuthUser,
    userId: string,
    input: { kind: SanctionKind; reason: string; until: Date | null },
  ): Promise<SanctionView> {
    if (userId === moderator.id) throw SanctionErrors.cannotSanctionSelf('userId');
    await assertSanctionable(this.identity, userId, input.kind);
    const record = await this.dataSource.transaction((manager) =>
      this.ledger.impose(manager, { userId, ...input, reportId: null, moderator }),
    );
    return toSanctionView(record);
  }

  async lift(moderator: AuthUser, sanctionId: string, note: string | null): Promise<SanctionView> {
    const record = await this.dataSource.transaction((manager) =>
      this.ledger.lift(manager, { sanctionId, note, moderator }),
    );
    return toSanctionView(record);
  }

  /** A user's whole history for moderators, newest first; 404 for an unknown or erased account. */
  async history(
    userId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<SanctionPage<SanctionView>> {
    if (!(await this.identity.accountExists(userId))) throw SanctionErrors.userNotFound();
    return this.page(userId, cursor, limit, toSanctionView);
  }

  /** What the caller received: how a warned (or suspended) person learns of it and why. */
  own(userId: string, cursor: string | undefined, limit: number): Promise<SanctionPage<OwnSanctionView>> {
    return this.page(userId, cursor, limit, toOwnSanctionView);
  }

  private async page<T>(
    userId: string,
    cursor: string | undefined,
    limit: number,
    view: (s: SanctionRow, now: Date) => T,
  ): Promise<SanctionPage<T>> {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, cursor);
    if (cursor !== undefined && position === null) throw SanctionErrors.invalidCursor();
    // On the primary: a sanction just imposed or lifted must show in the next read.
    const { rows, hasMore } = await sanctionsOf(this.dataSource.manager, userId, position, limit);
    const now = new Date();
    const last = rows.at(-1);
    return {
      items: rows.map((r) => view(r, now)),
      nextCursor:
        hasMore && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.createdAt, id: last.id }) : null,
    };
  }
}
