import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../platform/events/event-bus';
import type { EventDefinition, IntegrationEvent } from '../../../platform/events/integration-event';
import type { RentalEventPayload } from '../../rental';
import {
  RentalAccepted,
  RentalCancelled,
  RentalCompleted,
  RentalDeclined,
  RentalExpired,
  RentalHandedOver,
  RentalRequested,
  RentalReturned,
} from '../../rental';
import type { PaymentStage } from '../domain/payment-intent';
import { IntentCommands } from './intent-commands';
import { IntentReconciler } from './intent-reconciler';
import { SCHEMA } from './intent-recorder';
import { allowSlowGatewayCalls } from './slow-work';

/**
 * The rental money path, driven by rental's lifecycle events (see targetFor for the policy).
 *
 * Unlike most subscribers this one does not write through the relay's transaction: the money
 * must not wait for it. It records the stage in its own short transaction (forward-only, so a
 * redelivery or a late event is a no-op), then lets the reconciler call the gateway outside any
 * transaction with deterministic idempotency keys. If anything throws, the inbox row rolls back
 * and the relay delivers again: the stage write is then a no-op and the reconciler converges on
 * the same gateway answers. Nothing is done twice; nothing is lost.
 */
@Injectable()
export class RentalPaymentsHandler implements OnModuleInit {
  constructor(
    private readonly bus: EventBus,
    private readonly commands: IntentCommands,
    private readonly reconciler: IntentReconciler,
  ) {}

  onModuleInit(): void {
    const on = (definition: EventDefinition<RentalEventPayload>, stage: PaymentStage, name: string) =>
      this.bus.subscribe(definition, {
        name: `payment.${name}`,
        inbox: SCHEMA,
        handle: async (event, manager) => {
          await allowSlowGatewayCalls(manager);
          await this.handle(event, stage);
        },
      });
    on(RentalRequested, 'requested', 'hold-rental-payment');
    on(RentalAccepted, 'accepted', 'capture-rental-payment');
    on(RentalDeclined, 'declined', 'release-declined-rental');
    on(RentalExpired, 'expired', 'release-expired-rental');
    on(RentalCancelled, 'cancelled', 'settle-cancelled-rental');
    on(RentalHandedOver, 'active', 'note-rental-handed-over');
    on(RentalReturned, 'returned', 'release-rental-deposit');
    on(RentalCompleted, 'completed', 'note-rental-completed');
  }

  async handle(event: IntegrationEvent<RentalEventPayload>, stage: PaymentStage): Promise<void> {
    const p = event.payload;
    const terms = {
      rentalId: p.rentalId,
      renterId: p.renterId,
      ownerId: p.ownerId,
      currency: p.quote.currency,
      subtotal: p.quote.subtotal,
      platformFee: p.quote.platformFee,
      deposit: p.quote.deposit,
      stage,
    };
    // A rental first seen after its request (payments deployed later, events out of order) still
    // gets an intent: created straight at this stage, it holds and captures as that stage needs.
    const { id } = await this.commands.ensureRentalIntent(terms);
    if (stage === 'cancelled') {
      // Rental decides the refund (its cancellation policy, who cancelled, the time left) and
      // publishes it; payment refunds exactly that of what it captured, or releases what it only
      // held. A cancellation published before rental decided refunds carries none: everything back.
      const refundTarget = p.refund?.amount ?? p.quote.subtotal + p.quote.platformFee;
      await this.commands.advanceStage(id, stage, { cancelledBy: p.cancelledBy, refundTarget });
    } else {
      await this.commands.advanceStage(id, stage);
    }
    await this.reconciler.reconcile(id);
  }
}
