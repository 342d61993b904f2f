import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequest } from '../http/request-context';
import type { AuditActor, AuditEntryInput } from './audit-entry';
import { AUDIT_ACTION } from './audit-entry';

/**
 * How any context records an admin action or a security event: in the caller's own transaction,
 * so the change and its entry commit or roll back together (a refused or failed action leaves no
 * entry). The request id and network come from the request being served unless given.
 */
@Injectable()
export class AuditTrail {
  async record(manager: EntityManager, entry: AuditEntryInput): Promise<void> {
    // A misspelt action is a programming error; fail loudly rather than write an unreadable name.
    if (!AUDIT_ACTION.test(entry.action)) throw new Error(`Not an audit action name: ${entry.action}`);
    const request = currentRequest();
    const { actorId, actorRole } = actorColumns(entry.actor);
    await manager.query(
      `INSERT INTO audit.entries
         (id, actor_id, actor_role, action, target_type, target_id, request_id, network, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)`,
      [
        randomUUID(),
        actorId,
        actorRole,
        entry.action,
        entry.target?.type ?? null,
        entry.target?.id ?? null,
        entry.requestId !== undefined ? entry.requestId : (request?.requestId ?? null),
        entry.network !== undefined ? entry.network : (request?.network ?? null),
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }
}

function actorColumns(actor: AuditActor): { actorId: string | null; actorRole: string } {
  return typeof actor === 'string'
    ? { actorId: null, actorRole: actor }
    : { actorId: actor.id, actorRole: actor.role };
}
