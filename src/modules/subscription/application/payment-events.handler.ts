import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import { PaymentIntentStatusChanged } from '../../payment';
import { SCHEMA, SubscriptionBilling } from './subscription-billing';

/** A subscription payment completed (or failed, or was cancelled) after the call that asked for it. */
@Injectable()
export class PaymentEventsHandler implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly billing: SubscriptionBilling,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(PaymentIntentStatusChanged, {
      name: 'subscription.apply-payment-outcome',
      inbox: SCHEMA,
      handle: async (event, manager) => {
        const p = event.payload;
        if (p.purpose !== 'subscription') return;
        await this.billing.settle(manager, p.reference, p.status, p.intentId, new Date(event.occurredAt));
      },
    });
  }
}
