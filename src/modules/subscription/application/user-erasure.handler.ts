import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { ChargeEntity } from '../persistence/charge.entity';
import { LIVE_STATUSES, SubscriptionEntity } from '../persistence/subscription.entity';
import { allowSlowPaymentCalls } from './slow-work';
import { SCHEMA, SubscriptionBilling } from './subscription-billing';

/**
 * A subscriber erased their account: their subscription ends now, as a cancellation "now" would
 * (no refund of the running period, unpaid charges voided here and their intents at payment, a
 * SubscriptionChanged for the others). Past subscriptions and charges stay for the books, with
 * ids and amounts only. Their stored Idempotency-Key answers go.
 *
 * Payment answers on its own connection and may wait on the gateway: the transaction we are handed
 * (the inbox row's) is allowed to wait (allowSlowPaymentCalls), and holds no subscription row lock
 * meanwhile. The unpaid intents are voided at payment first, from a read without locks (payment's
 * void is forward-only, so a redelivery asks again harmlessly; the PaymentIntentStatusChanged it
 * causes finds the charge pending or already void, and voids it either way); only then are the
 * subscriptions locked, ended and their pending charges voided here.
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
      handle: async (event, manager) => {
        await allowSlowPaymentCalls(manager);
        await this.erase(event.payload.userId, manager);
      },
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    const voidedAtPayment = await this.pendingCharges(userId, manager);
    await this.billing.voidAtPayment(voidedAtPayment);

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
    // A charge a renewal created between the read and the lock is voided at payment now, under
    // the locks: rare, and the only payment call made while holding them.
    const late = voided.filter((reference) => !voidedAtPayment.includes(reference));
    await this.billing.voidAtPayment(late);
  }

  /** The references of the live subscriptions' unpaid charges, read without locks. */
  private async pendingCharges(userId: string, manager: EntityManager): Promise<string[]> {
    const rows: { reference: string }[] = await manager
      .getRepository(ChargeEntity)
      .createQueryBuilder('charge')
      .innerJoin(SubscriptionEntity, 'sub', 'sub.id = charge.subscriptionId')
      .select('charge.reference', 'reference')
      .where('sub.userId = :userId', { userId })
      .andWhere('sub.status IN (:...live)', { live: LIVE_STATUSES })
      .andWhere("charge.status = 'pending'")
      .getRawMany();
    return rows.map((r) => r.reference);
  }
}
