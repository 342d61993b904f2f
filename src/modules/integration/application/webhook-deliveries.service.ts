import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../../platform/http/keyset-cursor';
import { IntegrationErrors } from '../domain/integration.errors';
import type { DeliveryStatus } from '../domain/integration-vocabulary';
import type { AttemptRow, DeliveryRow } from '../persistence/webhook-delivery.store';
import {
  attemptsOf,
  deliveriesOf,
  findDelivery,
  insertRedelivery,
} from '../persistence/webhook-delivery.store';
import { findEndpoint } from '../persistence/webhook-endpoint.store';
import { WebhookDispatcher } from './webhook-dispatcher';

export type DeliveryView = Omit<DeliveryRow, 'endpointId'>;
export interface DeliveryDetail extends DeliveryView {
  attemptLog: AttemptRow[];
}
export interface DeliveryPage {
  items: DeliveryView[];
  nextCursor: string | null;
}

const CURSOR_VERSION = 'wd1';

/** An endpoint's delivery log and manual redeliveries; `clientId` null is an admin reading any. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async list(
    clientId: string | null,
    endpointId: string,
    query: { cursor?: string; limit: number; status?: DeliveryStatus },
  ): Promise<DeliveryPage> {
    await this.endpoint(clientId, endpointId);
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw IntegrationErrors.invalidCursor('cursor');
    const { rows, hasMore } = await deliveriesOf(
      this.dataSource.manager,
      endpointId,
      position,
      query.limit,
      query.status,
    );
    const last = rows.at(-1);
    return {
      items: rows.map(toView),
      nextCursor:
        hasMore && last ? encodeKeysetCursor(CURSOR_VERSION, { at: last.createdAt, id: last.id }) : null,
    };
  }

  async get(clientId: string, endpointId: string, deliveryId: string): Promise<DeliveryDetail> {
    await this.endpoint(clientId, endpointId);
    const delivery = await findDelivery(this.dataSource.manager, endpointId, deliveryId);
    if (!delivery) throw IntegrationErrors.deliveryNotFound();
    return { ...toView(delivery), attemptLog: await attemptsOf(this.dataSource.manager, deliveryId) };
  }

  /**
   * Sends the event again, as a new delivery with a fresh retry window, whatever became of the
   * first (receivers deduplicate on the event id). It waits behind earlier pending deliveries of
   * its resource, as any delivery does.
   */
  async redeliver(clientId: string, endpointId: string, deliveryId: string): Promise<DeliveryView> {
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      if (!(await findEndpoint(manager, clientId, endpointId))) throw IntegrationErrors.webhookNotFound();
      if (!(await findDelivery(manager, endpointId, deliveryId))) throw IntegrationErrors.deliveryNotFound();
      await insertRedelivery(manager, id, deliveryId, this.config.WEBHOOK_RETRY_WINDOW_HOURS);
    });
    this.dispatcher.wake();
    const delivery = await findDelivery(this.dataSource.manager, endpointId, id);
    return toView(delivery as DeliveryRow);
  }

  private async endpoint(clientId: string | null, endpointId: string): Promise<void> {
    if (!(await findEndpoint(this.dataSource.manager, clientId, endpointId)))
      throw IntegrationErrors.webhookNotFound();
  }
}

const toView = ({ endpointId: _endpointId, ...view }: DeliveryRow): DeliveryView => view;
