import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActorById, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { primaryQuery } from '../../../platform/database/plain-reads';
import { SessionErrors } from '../domain/session.errors';
import { lockSessionsOf, revokeSessions } from './session-revocation';

/** A signed-in device: one refresh-token family, from its first token to its latest rotation. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  ipPrefix: string | null;
  current: boolean;
}

interface SessionRow {
  id: string;
  created_at: Date;
  last_used_at: Date;
  user_agent: string | null;
  ip_prefix: string | null;
}

/** A person has a handful; a script signing in in a loop must not make the answer unbounded. */
export const SESSION_LIST_LIMIT = 100;

@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * Live sessions, most recently used first (at most SESSION_LIST_LIMIT): families with a token neither revoked nor expired.
   * The client shown is the latest token's (a session refreshed from a new network shows it).
   * On the primary: a session revoked a moment ago must not reappear from a lagging replica.
   */
  async list(userId: string, currentSessionId: string | undefined): Promise<SessionView[]> {
    const rows = await primaryQuery<SessionRow>(
      this.dataSource,
      `SELECT family_id AS id, min(created_at) AS created_at, max(created_at) AS last_used_at,
              (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent,
              (array_agg(ip_prefix ORDER BY created_at DESC))[1] AS ip_prefix
       FROM identity.refresh_tokens
       WHERE user_id = $1
       GROUP BY family_id
       HAVING bool_or(revoked_at IS NULL AND expires_at > now())
       ORDER BY last_used_at DESC, family_id
       LIMIT ${SESSION_LIST_LIMIT}`,
      [userId],
    );
    return rows.map((row) => ({
      id: row.id,
      createdAt: row.created_at.toISOString(),
      lastUsedAt: row.last_used_at.toISOString(),
      userAgent: row.user_agent,
      ipPrefix: row.ip_prefix,
      current: row.id === currentSessionId,
    }));
  }

  /** Ends one of the caller's live sessions; anyone else's, or one already ended, is a 404. */
  async revoke(userId: string, sessionId: string): Promise<void> {
    const affected = await this.dataSource.transaction(async (manager) => {
      await lockSessionsOf(manager, userId);
      // TypeORM answers an UPDATE with [rows, affected].
      const [, count]: [unknown[], number] = await manager.query(
        `UPDATE identity.refresh_tokens SET revoked_at = now()
         WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL AND expires_at > now()`,
        [userId, sessionId],
      );
      if (count > 0) await this.recordRevoked(manager, userId, 1, 'one');
      return count;
    });
    if (affected === 0) throw SessionErrors.notFound();
  }

  /** Ends every session but the caller's own; returns how many ended. */
  revokeOthers(userId: string, currentSessionId: string | undefined): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const revoked = await revokeSessions(manager, userId, currentSessionId);
      await this.recordRevoked(manager, userId, revoked, 'others');
      return revoked;
    });
  }

  /** Recorded even when none were live: the person asked, and that is the security event. */
  private async recordRevoked(
    manager: EntityManager,
    userId: string,
    sessions: number,
    scope: 'one' | 'others',
  ): Promise<void> {
    await this.audit.record(manager, {
      actor: await selfActorById(manager, userId),
      action: IdentityAuditActions.sessionsRevoked,
      target: userTarget(userId),
      details: { scope, sessions },
    });
  }
}
