import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { PaymentErrors } from '../domain/payment.errors';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { ConnectAccountsService } from './connect-accounts.service';
import { DisputeRecorder } from './dispute-recorder';
import { isWholeAccount, isWholeIntent, toGatewayAccount, toGatewayIntent } from './gateway/stripe-objects';
import { IntentReconciler } from './intent-reconciler';
import type { Observation } from './intent-recorder';
import { IntentRecorder } from './intent-recorder';
import { OwnerPayouts } from './owner-payouts';
import { PaymentSettings } from './payment-settings';

export interface WebhookReceipt {
  received: true;
  duplicate: boolean;
  outcome: 'applied' | 'ignored';
}

const INTENT_EVENTS = new Set([
  'payment_intent.succeeded',
  'payment_intent.amount_capturable_updated',
  'payment_intent.canceled',
  'payment_intent.payment_failed',
  'payment_intent.requires_action',
  'payment_intent.processing',
]);

/**
 * Stripe's webhooks: signature checked on the raw bytes, each event id processed once (its row is
 * written in the same transaction as its effect), and every effect forward-only, so duplicates
 * and out-of-order deliveries are harmless. The payload is trusted as Stripe's word at the time it
 * was sent; an older word never overrides a newer state.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: PaymentSettings,
    private readonly recorder: IntentRecorder,
    private readonly reconciler: IntentReconciler,
    private readonly accounts: ConnectAccountsService,
    private readonly payouts: OwnerPayouts,
    private readonly disputes: DisputeRecorder,
  ) {}

  async receive(rawBody: Buffer | undefined, signature: string | undefined): Promise<WebhookReceipt> {
    const secret = this.settings.STRIPE_WEBHOOK_SECRET;
    if (!secret) throw PaymentErrors.webhooksNotConfigured();
    const event = this.verified(rawBody, signature, [secret, this.settings.STRIPE_CONNECT_WEBHOOK_SECRET]);
    const result = await this.dataSource.transaction(async (manager) => {
      const object = event.data.object as { id?: string };
      const claimed = await manager.query(
        `INSERT INTO payment.webhook_events (event_id, type, object_id, outcome, gateway_created_at)
         VALUES ($1, $2, $3, 'ignored', to_timestamp($4)) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
        [event.id, event.type, object.id ?? null, event.created],
      );
      if (claimed.length === 0) return { duplicate: true, outcome: 'ignored' as const, intentId: null };
      const { applied, intentId } = await this.apply(manager, event);
      if (applied)
        await manager.query(`UPDATE payment.webhook_events SET outcome = 'applied' WHERE event_id = $1`, [
          event.id,
        ]);
      return { duplicate: false, outcome: applied ? ('applied' as const) : ('ignored' as const), intentId };
    });
    // A webhook can unblock the money path (3-D Secure completed after acceptance): move it on now;
    // should that fail, the intent is flagged and the reconcile job picks it up.
    if (result.intentId)
      await this.reconciler
        .reconcile(result.intentId)
        .catch((error: unknown) =>
          this.logger.warn(
            `reconcile after webhook ${event.id} failed: ${error instanceof Error ? error.message : error}`,
          ),
        );
    return { received: true, duplicate: result.duplicate, outcome: result.outcome };
  }

  /**
   * Stripe signs with the endpoint's secret; a separate Connect endpoint (events about connected
   * accounts) has its own. Either verifies; the timestamp tolerance is Stripe's (300 s).
   */
  private verified(
    rawBody: Buffer | undefined,
    signature: string | undefined,
    secrets: (string | undefined)[],
  ) {
    for (const secret of secrets) {
      if (!secret || !rawBody || !signature) continue;
      try {
        return Stripe.webhooks.constructEvent(rawBody, signature, secret);
      } catch {
        // the next secret, if any
      }
    }
    throw PaymentErrors.webhookSignatureInvalid();
  }

  /** Whether the event changed anything of ours, and the intent it changed (whose money may move on). */
  private async apply(
    manager: EntityManager,
    event: Stripe.Event,
  ): Promise<{ applied: boolean; intentId: string | null }> {
    if (event.type === 'account.updated') {
      if (!isWholeAccount(event.data.object)) return { applied: false, intentId: null };
      const observedAt = new Date(event.created * 1000);
      const applied = await this.accounts.applyGatewayState(
        manager,
        toGatewayAccount(event.data.object),
        observedAt,
      );
      return { applied, intentId: null };
    }
    if (event.type === 'payout.paid') {
      // A Connect event: `account` names the connected account that paid out to its bank.
      const payout = event.data.object as Partial<Stripe.Payout>;
      if (!event.account || typeof payout.id !== 'string' || typeof payout.created !== 'number')
        return { applied: false, intentId: null };
      const marked = await this.payouts.markPaidOut(manager, {
        gatewayAccountId: event.account,
        gatewayPayoutId: payout.id,
        createdAt: new Date(payout.created * 1000),
      });
      return { applied: marked > 0, intentId: null };
    }
    if (event.type.startsWith('charge.dispute.'))
      return { applied: await this.disputes.applyWebhook(manager, event), intentId: null };
    const intentId = await this.applyToIntent(manager, event);
    return { applied: intentId !== null, intentId };
  }

  /** The intent it changed, or null when the event is not ours or not one we act on. */
  private async applyToIntent(manager: EntityManager, event: Stripe.Event): Promise<string | null> {
    let gatewayIntentId: string | null = null;
    let observation: (leg: PaymentLegEntity) => Observation;
    if (INTENT_EVENTS.has(event.type)) {
      if (!isWholeIntent(event.data.object)) {
        this.logger.warn(`webhook ${event.id} (${event.type}) carries no whole PaymentIntent: ignored`);
        return null;
      }
      const intent = toGatewayIntent(event.data.object);
      gatewayIntentId = intent.id;
      observation = (leg) => ({ kind: 'intent', leg: leg.kind, intent });
    } else if (event.type === 'charge.refunded') {
      const charge = event.data.object as Stripe.Charge;
      gatewayIntentId =
        typeof charge.payment_intent === 'string'
          ? charge.payment_intent
          : (charge.payment_intent?.id ?? null);
      observation = (leg) => ({ kind: 'refunded', leg: leg.kind, total: charge.amount_refunded });
    } else {
      return null;
    }
    if (!gatewayIntentId) return null;
    const leg = await manager.getRepository(PaymentLegEntity).findOneBy({ gatewayIntentId });
    if (!leg) return null;
    const locked = await this.recorder.lock(manager, leg.intentId);
    if (!locked) return null;
    await this.recorder.apply(manager, locked, observation(leg));
    return leg.intentId;
  }
}
