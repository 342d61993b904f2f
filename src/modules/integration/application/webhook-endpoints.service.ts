import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { SecretBox } from '../../../platform/crypto/secret-box';
import { IntegrationErrors } from '../domain/integration.errors';
import type { DisabledReason } from '../domain/integration-vocabulary';
import { MAX_ENDPOINTS_PER_CLIENT } from '../domain/integration-vocabulary';
import { PUBLISHED_TYPES } from '../domain/published-events';
import { newWebhookSecret } from '../domain/webhook-signature';
import { parseWebhookUrl } from '../domain/webhook-url';
import { findClient } from '../persistence/api-client.store';
import type { EndpointRow } from '../persistence/webhook-endpoint.store';
import {
  deleteEndpoint,
  endpointsOf,
  findEndpoint,
  insertEndpoint,
  rotateSecret,
  updateEndpoint,
} from '../persistence/webhook-endpoint.store';

export const WEBHOOK_SECRET_PURPOSE = 'integration.webhook-secret';

/** Every published type, present and future. */
export const ALL_EVENT_TYPES = '*';

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledReason: DisabledReason | null;
  disabledAt: string | null;
  /** Since when every attempt failed; null while the last attempt succeeded. */
  failingSince: string | null;
  /** While a rotation's previous secret still signs too. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointWithSecret {
  endpoint: WebhookEndpointView;
  /** `whsec_...`: in this answer only. */
  secret: string;
}

export interface EndpointChanges {
  url?: string;
  description?: string | null;
  eventTypes?: string[];
  enabled?: boolean;
}

/**
 * An integrator's webhook endpoints, always within its own client: another client's endpoint is
 * not there (404). The signing secret is generated here, shown once, and kept sealed.
 */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly secrets: SecretBox,
  ) {}

  async create(
    clientId: string,
    input: { url: string; description: string | null; eventTypes: string[] },
  ): Promise<EndpointWithSecret> {
    const url = this.checkedUrl(input.url);
    const eventTypes = checkedTypes(input.eventTypes);
    const secret = newWebhookSecret();
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      // The client row's lock makes concurrent creations count one after another.
      if (!(await findClient(manager, clientId, true))) throw IntegrationErrors.clientNotFound();
      if ((await endpointsOf(manager, clientId)).length >= MAX_ENDPOINTS_PER_CLIENT)
        throw IntegrationErrors.webhookLimitReached(MAX_ENDPOINTS_PER_CLIENT);
      await this.unlessTaken(manager, clientId, url, () =>
        insertEndpoint(manager, {
          id,
          clientId,
          url,
          description: input.description,
          eventTypes,
          secretSealed: this.secrets.seal(WEBHOOK_SECRET_PURPOSE, secret),
        }),
      );
    });
    return { endpoint: await this.get(clientId, id), secret };
  }

  async list(clientId: string): Promise<WebhookEndpointView[]> {
    return (await endpointsOf(this.dataSource.manager, clientId)).map(toView);
  }

  /** A client's endpoints for admins; 404 for an unknown client. */
  async listForAdmin(clientId: string): Promise<WebhookEndpointView[]> {
    if (!(await findClient(this.dataSource.manager, clientId))) throw IntegrationErrors.clientNotFound();
    return this.list(clientId);
  }

  async get(clientId: string | null, endpointId: string): Promise<WebhookEndpointView> {
    const endpoint = await findEndpoint(this.dataSource.manager, clientId, endpointId);
    if (!endpoint) throw IntegrationErrors.webhookNotFound();
    return toView(endpoint);
  }

  /** Enabling one that was disabled (by its owner, or for failing) starts afresh for new events. */
  async update(clientId: string, endpointId: string, changes: EndpointChanges): Promise<WebhookEndpointView> {
    const url = changes.url === undefined ? undefined : this.checkedUrl(changes.url);
    const eventTypes = changes.eventTypes === undefined ? undefined : checkedTypes(changes.eventTypes);
    await this.dataSource.transaction(async (manager) => {
      if (!(await findEndpoint(manager, clientId, endpointId, true)))
        throw IntegrationErrors.webhookNotFound();
      await this.unlessTaken(manager, clientId, url, () =>
        updateEndpoint(manager, endpointId, { ...changes, url, eventTypes }),
      );
    });
    return this.get(clientId, endpointId);
  }

  /** Its deliveries and their log go with it. */
  async remove(clientId: string, endpointId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (!(await findEndpoint(manager, clientId, endpointId, true)))
        throw IntegrationErrors.webhookNotFound();
      await deleteEndpoint(manager, endpointId);
    });
  }

  /** A new secret; the current one keeps signing beside it for `graceHours` (0: it stops now). */
  async rotateSecret(clientId: string, endpointId: string, graceHours: number): Promise<EndpointWithSecret> {
    const secret = newWebhookSecret();
    await this.dataSource.transaction(async (manager) => {
      if (!(await findEndpoint(manager, clientId, endpointId, true)))
        throw IntegrationErrors.webhookNotFound();
      await rotateSecret(manager, endpointId, this.secrets.seal(WEBHOOK_SECRET_PURPOSE, secret), graceHours);
    });
    return { endpoint: await this.get(clientId, endpointId), secret };
  }

  private checkedUrl(raw: string): string {
    const parsed = parseWebhookUrl(raw, {
      allowInsecureLoopback: this.config.WEBHOOK_ALLOW_INSECURE_LOOPBACK,
    });
    if ('problem' in parsed) throw IntegrationErrors.webhookUrlRefused(parsed.problem);
    return parsed.target.url.toString();
  }

  /** Runs the write; a URL the client registered already is a 409 naming that endpoint. */
  private async unlessTaken(
    manager: EntityManager,
    clientId: string,
    url: string | undefined,
    write: () => Promise<void>,
  ): Promise<void> {
    await manager.query('SAVEPOINT endpoint_write');
    try {
      await write();
    } catch (error) {
      const constraint = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError
        ?.constraint;
      if (!(error instanceof QueryFailedError) || constraint !== 'uq_webhook_endpoints_url' || !url)
        throw error;
      await manager.query('ROLLBACK TO SAVEPOINT endpoint_write');
      const [taken]: { id: string }[] = await manager.query(
        'SELECT id FROM integration.webhook_endpoints WHERE client_id = $1 AND url = $2',
        [clientId, url],
      );
      throw IntegrationErrors.webhookUrlTaken(taken.id);
    }
  }
}

function checkedTypes(types: string[]): string[] {
  const unique = [...new Set(types)];
  if (unique.includes(ALL_EVENT_TYPES)) return [ALL_EVENT_TYPES];
  const unknown = unique.filter((type) => !PUBLISHED_TYPES.includes(type));
  if (unknown.length > 0) throw IntegrationErrors.unknownEventTypes('eventTypes', unknown);
  return unique.sort();
}

function toView(row: EndpointRow): WebhookEndpointView {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.enabled ? 'enabled' : 'disabled',
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt?.toISOString() ?? null,
    failingSince: row.failingSince?.toISOString() ?? null,
    previousSecretExpiresAt:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > new Date()
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
