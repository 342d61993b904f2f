import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { ChargeEntity } from '../persistence/charge.entity';
import { LIVE_STATUSES, SubscriptionEntity } from '../persistence/subscription.entity';
import { SCHEMA, SubscriptionBilling } from './subscription-billing';

/**
 * A subscriber erased their account: their subscription ends now, as a cancellation "now" would
 * (no refund of the running period, unpaid charges voided here and their intents at payment, a
 * SubscriptionChanged for the others). Past subscriptions and charges stay for the books, with
 * ids and amounts only. Their stored Idempotency-Key answers go.
 */
@Injectable()
export class SubscriptionUserErasureHandler implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly billing: SubscriptionBilling,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'subscription.erase-deleted-user',
      inbox: SCHEMA,
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    const now = new Date();
    const subscriptions = manager.getRepository(SubscriptionEntity);
    const charges = manager.getRepository(ChargeEntity);
    const live = await subscriptions.find({
      where: { userId, status: In(LIVE_STATUSES) },
      lock: { mode: 'pessimistic_write' },
    });
    const voided: string[] = [];
    for (const sub of live) {
      const pending = await charges.findBy({ subscriptionId: sub.id, status: 'pending' });
      for (const charge of pending) await charges.update({ id: charge.id }, { status: 'void' });
      voided.push(...pending.map((c) => c.reference));
      Object.assign(sub, { status: 'canceled', canceledAt: now, endedAt: now, cancelAtPeriodEnd: false });
      await subscriptions.save(sub);
      await this.billing.announce(manager, sub);
    }
    await manager.query('DELETE FROM subscription.idempotency_keys WHERE user_id = $1', [userId]);
    // Payment answers on its own connection; a redelivery finds nothing pending and asks nothing.
    await this.billing.voidAtPayment(voided);
  }
}
