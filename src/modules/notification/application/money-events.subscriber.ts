import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import type { IntegrationEvent } from '../../../platform/events/integration-event';
import type {
  DepositRenewalFailedPayload,
  PaymentIntentStatusChangedPayload,
  PayoutSentPayload,
} from '../../payment';
import { DepositRenewalFailed, PaymentIntentStatusChanged, PayoutSent } from '../../payment';
import { RentalApi } from '../../rental';
import type { NotificationKind } from '../domain/notification-kinds';
import { formatMoney } from '../domain/money-format';
import { Notifier } from './notifier';
import { NOTIFICATION_INBOX } from './rental-events.subscriber';

/**
 * Money: a rental payment declined (the card needs replacing), a refund, a payout sent. These
 * emails cannot be turned off. Subscription charges are not told here (billing has its own page).
 */
@Injectable()
export class MoneyEventsSubscriber implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly notifier: Notifier,
    private readonly rentals: RentalApi,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(PaymentIntentStatusChanged, {
      name: 'notification.payment-status',
      inbox: NOTIFICATION_INBOX,
      handle: (event, manager) => this.paymentChanged(event, manager),
    });
    this.bus.subscribe(DepositRenewalFailed, {
      name: 'notification.deposit-renewal-failed',
      inbox: NOTIFICATION_INBOX,
      handle: (event, manager) => this.depositRenewalFailed(event, manager),
    });
    this.bus.subscribe(PayoutSent, {
      name: 'notification.payout-sent',
      inbox: NOTIFICATION_INBOX,
      handle: (event, manager) => this.payoutSent(event, manager),
    });
  }

  async paymentChanged(event: IntegrationEvent<PaymentIntentStatusChangedPayload>, manager: EntityManager) {
    const intent = event.payload;
    if (intent.purpose !== 'rental' || !intent.rentalId) return;
    const kind = kindOf(intent);
    if (!kind) return;
    const productTitle = await this.titleOfRental(intent.rentalId);
    await this.notifier.notify(manager, [
      {
        eventId: event.id,
        recipientId: intent.payerId,
        kind,
        otherId: intent.payeeId,
        subjectId: intent.rentalId,
        path: `/rentals/${intent.rentalId}`,
        facts: { productTitle, amount: formatMoney(intent.amount, intent.currency) },
      },
    ]);
  }

  /** A long rental's deposit hold could not be renewed: the renter's card needs replacing. */
  async depositRenewalFailed(event: IntegrationEvent<DepositRenewalFailedPayload>, manager: EntityManager) {
    const renewal = event.payload;
    const productTitle = await this.titleOfRental(renewal.rentalId);
    await this.notifier.notify(manager, [
      {
        eventId: event.id,
        recipientId: renewal.renterId,
        kind: 'payment.failed',
        otherId: renewal.ownerId,
        subjectId: renewal.rentalId,
        path: `/rentals/${renewal.rentalId}`,
        facts: { productTitle, amount: formatMoney(renewal.amount, renewal.currency) },
      },
    ]);
  }

  async payoutSent(event: IntegrationEvent<PayoutSentPayload>, manager: EntityManager) {
    const payout = event.payload;
    const productTitle = await this.titleOfRental(payout.rentalId);
    await this.notifier.notify(manager, [
      {
        eventId: event.id,
        recipientId: payout.ownerId,
        kind: 'payment.payout-sent',
        otherId: null,
        subjectId: payout.rentalId,
        path: '/account/payouts',
        facts: { productTitle, amount: formatMoney(payout.amount, payout.currency) },
      },
    ]);
  }

  private async titleOfRental(rentalId: string): Promise<string> {
    const rental = await this.rentals.findRental(rentalId);
    return rental ? this.notifier.productTitle(rental.productId) : 'a listing';
  }
}

/** A declined card (back to needing a payment method, with an error) or a refund; nothing else. */
function kindOf(intent: PaymentIntentStatusChangedPayload): NotificationKind | null {
  if (intent.status === 'refunded' && intent.previousStatus !== 'refunded') return 'payment.refunded';
  if (intent.status === 'requires_payment_method' && intent.lastError !== null) return 'payment.failed';
  return null;
}
