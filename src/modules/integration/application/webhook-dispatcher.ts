import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { SYSTEM_ACTOR } from '../../../platform/audit/audit-entry';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { AppConfig } from '../../../platform/config/app-config';
import { SecretBox } from '../../../platform/crypto/secret-box';
import { Outbox } from '../../../platform/events/outbox';
import { WebhookEndpointDisabled } from '../contracts/integration.events';
import { nextAttemptAt } from '../domain/retry-schedule';
import { signatureHeader, SIGNATURE_HEADER } from '../domain/webhook-signature';
import type { ClaimedDelivery } from '../persistence/webhook-delivery.store';
import { claimDue, failPending, recordAttempt } from '../persistence/webhook-delivery.store';
import {
  disableFailingEndpoint,
  lockEndpoint,
  recordEndpointOutcome,
} from '../persistence/webhook-endpoint.store';
import { WEBHOOK_SECRET_PURPOSE } from './webhook-endpoints.service';
import { WebhookSender } from './webhook-sender';

/** The lease a worker takes on a delivery: the request's own limit and room to record the outcome. */
const LEASE_MARGIN_SECONDS = 30;
const WAKE_DELAY_MS = 10;

/**
 * The webhook worker: delivers what the feed fan-out owes, away from any request. Each pass leases
 * due deliveries (SKIP LOCKED: instances share the work; a crashed worker's lease runs out and the
 * delivery is tried again, which at-least-once allows), sends them WEBHOOK_CONCURRENCY at a time,
 * and records each outcome in its own transaction: done on a 2xx; otherwise retried with backoff
 * and jitter until its deadline, then given up. An endpoint that failed every attempt for the
 * whole retry window is disabled, what it still owed is given up, and WebhookEndpointDisabled is
 * published (and audited) so its owner can be told.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sender: WebhookSender,
    private readonly secrets: SecretBox,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.WEBHOOK_DISPATCH_INTERVAL_MS > 0) this.schedule(this.config.WEBHOOK_DISPATCH_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Deliveries were just owed (their transaction commits in a moment): look soon. */
  wake(): void {
    if (this.config.WEBHOOK_DISPATCH_INTERVAL_MS === 0 || this.stopped) return;
    clearTimeout(this.timer);
    this.schedule(WAKE_DELAY_MS);
  }

  /** Passes until nothing is due at `now` (tests, the benchmark). Returns how many attempts were made. */
  async drain(now = new Date(), maxRounds = 100): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const attempted = await this.runOnce(now);
      total += attempted;
      if (attempted === 0) return total;
    }
    throw new Error('Webhook dispatcher did not drain');
  }

  /** One pass: leases a batch due at `now` and delivers it. Returns how many attempts were made. */
  runOnce(now = new Date()): Promise<number> {
    this.running = (this.running ?? Promise.resolve(0)).catch(() => 0).then(() => this.pass(now));
    return this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(async () => {
      let attempted = 0;
      try {
        attempted = await this.runOnce();
      } catch (error) {
        this.logger.warn(`webhook pass failed: ${messageOf(error)}`);
      }
      this.schedule(attempted > 0 ? 0 : this.config.WEBHOOK_DISPATCH_INTERVAL_MS);
    }, delay);
    this.timer.unref();
  }

  private async pass(now: Date): Promise<number> {
    const concurrency = this.config.WEBHOOK_CONCURRENCY;
    const lease = Math.ceil(this.config.WEBHOOK_TIMEOUT_MS / 1000) + LEASE_MARGIN_SECONDS;
    const batch = await this.dataSource.transaction((m) => claimDue(m, now, concurrency * 4, lease));
    let next = 0;
    const worker = async () => {
      while (next < batch.length) await this.deliver(batch[next++], now);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
    return batch.length;
  }

  private async deliver(delivery: ClaimedDelivery, now: Date): Promise<void> {
    const body = JSON.stringify(delivery.event);
    const secrets = [this.secrets.open(WEBHOOK_SECRET_PURPOSE, delivery.secretSealed)];
    if (
      delivery.previousSecretSealed &&
      delivery.previousSecretExpiresAt &&
      delivery.previousSecretExpiresAt > now
    )
      secrets.push(this.secrets.open(WEBHOOK_SECRET_PURPOSE, delivery.previousSecretSealed));
    const timestamp = Math.floor(Date.now() / 1000);
    const sent = await this.sender.send(delivery.url, body, {
      [SIGNATURE_HEADER]: signatureHeader(secrets, timestamp, body),
      'OneSociety-Event-Id': delivery.event.id,
      'OneSociety-Event-Type': delivery.event.type,
      'OneSociety-Delivery-Id': delivery.id,
      'OneSociety-Delivery-Attempt': String(delivery.attempts + 1),
    });
    const succeeded = sent.error === null;
    await this.dataSource.transaction(async (m) => {
      // The endpoint first: disabling it touches its other deliveries, which concurrent outcomes of
      // the same endpoint hold; one lock order keeps them from deadlocking.
      await lockEndpoint(m, delivery.endpointId);
      const outcome = { at: now, ...sent };
      if (succeeded) await recordAttempt(m, delivery.id, randomUUID(), outcome, { succeeded: true });
      else
        await recordAttempt(m, delivery.id, randomUUID(), outcome, {
          succeeded: false,
          nextAttemptAt: nextAttemptAt(now, delivery.deadlineAt, delivery.attempts + 1, Math.random()),
        });
      const failingSince = await recordEndpointOutcome(m, delivery.endpointId, succeeded, now);
      const window = this.config.WEBHOOK_RETRY_WINDOW_HOURS * 3600_000;
      if (failingSince && now.getTime() - failingSince.getTime() >= window)
        await this.disable(m, delivery, failingSince, now);
    });
  }

  private async disable(
    manager: EntityManager,
    delivery: ClaimedDelivery,
    failingSince: Date,
    now: Date,
  ): Promise<void> {
    if (!(await disableFailingEndpoint(manager, delivery.endpointId, now))) return;
    await failPending(
      manager,
      delivery.endpointId,
      now,
      'endpoint disabled after failing for the retry window',
    );
    const [{ client_id: clientId }] = await manager.query(
      'SELECT client_id FROM integration.webhook_endpoints WHERE id = $1',
      [delivery.endpointId],
    );
    await this.outbox.publish(
      manager,
      'integration',
      WebhookEndpointDisabled.create({
        endpointId: delivery.endpointId,
        clientId,
        url: delivery.url,
        failingSince: failingSince.toISOString(),
        disabledAt: now.toISOString(),
      }),
    );
    await this.audit.record(manager, {
      actor: SYSTEM_ACTOR,
      action: 'integration.webhook_endpoint_disabled',
      target: { type: 'webhook_endpoint', id: delivery.endpointId },
      details: { clientId, failingSince: failingSince.toISOString() },
    });
    this.logger.warn(
      `webhook endpoint ${delivery.endpointId} disabled: failing since ${failingSince.toISOString()}`,
    );
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));
