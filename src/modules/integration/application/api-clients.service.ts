import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { AppConfig } from '../../../platform/config/app-config';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { issueApiKey } from '../domain/api-key-token';
import { IntegrationErrors } from '../domain/integration.errors';
import type { ApiKeyScope } from '../domain/integration-vocabulary';
import type { ApiClientRow, ApiKeyRow } from '../persistence/api-client.store';
import {
  expireKeys,
  findClient,
  insertClient,
  insertKey,
  keysOf,
  listClients,
  revokeClient,
  revokeKey,
} from '../persistence/api-client.store';

export type ApiKeyStatus = 'active' | 'expiring' | 'expired' | 'revoked';

export interface ApiKeyView {
  id: string;
  hint: string;
  status: ApiKeyStatus;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ApiClientView {
  id: string;
  name: string;
  scopes: ApiKeyScope[];
  rateLimitPerMinute: number;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
  keys: ApiKeyView[];
}

/** A key's secret, in the one answer that shows it. */
export interface IssuedKeyView {
  client: ApiClientView;
  key: { id: string; secret: string; hint: string };
}

export interface ApiClientPage {
  items: ApiClientView[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'ac1';

/**
 * API clients as admins manage them. Each change is audited in its own transaction; a key's secret
 * exists only in the answer that issues it (the database keeps its SHA-256).
 */
@Injectable()
export class ApiClientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  async create(
    admin: AuthUser,
    input: { name: string; scopes: ApiKeyScope[]; rateLimitPerMinute: number | null },
  ): Promise<IssuedKeyView> {
    const clientId = randomUUID();
    const scopes = [...new Set(input.scopes)].sort();
    return this.dataSource.transaction(async (manager) => {
      await insertClient(manager, { id: clientId, ...input, scopes, createdBy: admin.id });
      const key = await this.issueKey(manager, clientId);
      await this.audit.record(manager, {
        actor: admin,
        action: 'integration.api_client_created',
        target: { type: 'api_client', id: clientId },
        details: { scopes: scopes.join(' '), keyId: key.id },
      });
      return { client: await this.view(manager, clientId), key };
    });
  }

  async get(clientId: string): Promise<ApiClientView> {
    return this.view(this.dataSource.manager, clientId);
  }

  async list(cursor: string | undefined, limit: number): Promise<ApiClientPage> {
    const position = cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, cursor);
    if (cursor !== undefined && position === null) throw IntegrationErrors.invalidCursor('cursor');
    const { rows, hasMore } = await listClients(this.dataSource.manager, position, limit);
    const keys = await keysOf(
      this.dataSource.manager,
      rows.map((r) => r.id),
    );
    const last = rows.at(-1);
    return {
      items: rows.map((row) => this.toView(row, keys)),
      nextCursor:
        hasMore && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.createdAt, id: last.id }) : null,
    };
  }

  /** A new key; the ones in force keep working for `graceHours` (0: they stop now). */
  async rotate(admin: AuthUser, clientId: string, graceHours?: number): Promise<IssuedKeyView> {
    const grace = graceHours ?? this.config.API_KEY_ROTATION_GRACE_HOURS;
    return this.dataSource.transaction(async (manager) => {
      const client = await findClient(manager, clientId, true);
      if (!client) throw IntegrationErrors.clientNotFound();
      if (client.revokedAt) throw IntegrationErrors.clientRevoked();
      await expireKeys(manager, clientId, grace);
      const key = await this.issueKey(manager, clientId);
      await this.audit.record(manager, {
        actor: admin,
        action: 'integration.api_key_rotated',
        target: { type: 'api_client', id: clientId },
        details: { keyId: key.id, graceHours: grace },
      });
      return { client: await this.view(manager, clientId), key };
    });
  }

  /** Idempotent: a key already revoked stays so, and no second audit entry is written. */
  async revokeKey(admin: AuthUser, clientId: string, keyId: string): Promise<ApiClientView> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await findClient(manager, clientId, true))) throw IntegrationErrors.clientNotFound();
      const revoked = await revokeKey(manager, clientId, keyId);
      if (revoked === null) throw IntegrationErrors.keyNotFound();
      if (revoked)
        await this.audit.record(manager, {
          actor: admin,
          action: 'integration.api_key_revoked',
          target: { type: 'api_client', id: clientId },
          details: { keyId },
        });
      return this.view(manager, clientId);
    });
  }

  /** Every key stops at once and no webhook is delivered any more. Idempotent. */
  async revoke(admin: AuthUser, clientId: string): Promise<ApiClientView> {
    return this.dataSource.transaction(async (manager) => {
      const client = await findClient(manager, clientId, true);
      if (!client) throw IntegrationErrors.clientNotFound();
      if (!client.revokedAt) {
        await revokeClient(manager, clientId, admin.id);
        await this.audit.record(manager, {
          actor: admin,
          action: 'integration.api_client_revoked',
          target: { type: 'api_client', id: clientId },
        });
      }
      return this.view(manager, clientId);
    });
  }

  private async issueKey(manager: EntityManager, clientId: string): Promise<IssuedKeyView['key']> {
    const issued = issueApiKey(this.config.isProduction ? 'live' : 'test');
    const id = randomUUID();
    await insertKey(manager, { id, clientId, hash: issued.hash, hint: issued.hint });
    return { id, secret: issued.token, hint: issued.hint };
  }

  private async view(manager: EntityManager, clientId: string): Promise<ApiClientView> {
    const client = await findClient(manager, clientId);
    if (!client) throw IntegrationErrors.clientNotFound();
    return this.toView(client, await keysOf(manager, [clientId]));
  }

  private toView(client: ApiClientRow, keys: ApiKeyRow[]): ApiClientView {
    const now = Date.now();
    return {
      id: client.id,
      name: client.name,
      scopes: client.scopes,
      rateLimitPerMinute: client.rateLimitPerMinute ?? this.config.API_KEY_RATE_LIMIT_PER_MINUTE,
      status: client.revokedAt ? 'revoked' : 'active',
      createdAt: new Date(client.createdAt).toISOString(),
      revokedAt: client.revokedAt,
      keys: keys
        .filter((k) => k.clientId === client.id)
        .map(({ clientId: _clientId, ...key }) => ({ ...key, status: keyStatus(key, now) })),
    };
  }
}

function keyStatus(key: Pick<ApiKeyRow, 'expiresAt' | 'revokedAt'>, now: number): ApiKeyStatus {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt === null) return 'active';
  return Date.parse(key.expiresAt) > now ? 'expiring' : 'expired';
}
