import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './gateway/payment-gateway';
import { allowSlowGatewayCalls } from './slow-work';

/**
 * A payer or owner erased their account. The books stay as they are: intents, legs, gateway
 * operations and the append-only ledger keep amounts and ids, as bookkeeping law requires, and
 * hold no name or address: payment never stores one (the gateway customer carries only our user
 * id). What goes is what describes the person's instruments, each card or account detached at the
 * gateway (never to be charged again) with its brand, last four digits, expiry, wallet and bank
 * cleared here, and their stored Idempotency-Key answers.
 *
 * The transaction we are handed (the inbox row's) waits while the gateway answers
 * (allowSlowGatewayCalls: Stripe may take longer than the pool's idle-in-transaction limit), and it
 * holds no payment row lock meanwhile: the methods are read without one, detached, and only then
 * removed and scrubbed here. A redelivery after a failure asks the gateway again, which then
 * answers that the method is already gone.
 */
@Injectable()
export class PaymentUserErasureHandler implements OnModuleInit {
  private readonly logger = new Logger(PaymentUserErasureHandler.name);

  constructor(
    private readonly bus: EventBus,
    private readonly gateway: PaymentGateway,
  ) {}

  onModuleInit(): void {
    this.bus.subscribe(UserDeleted, {
      name: 'payment.erase-deleted-user',
      inbox: 'payment',
      handle: async (event, manager) => {
        await allowSlowGatewayCalls(manager);
        await this.erase(event.payload.userId, manager);
      },
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    const attached: { gateway_payment_method_id: string }[] = await manager.query(
      `SELECT gateway_payment_method_id FROM payment.payment_methods
       WHERE user_id = $1 AND removed_at IS NULL`,
      [userId],
    );
    for (const method of attached) await this.detach(method.gateway_payment_method_id);
    await manager.query(
      `UPDATE payment.payment_methods
       SET removed_at = coalesce(removed_at, now()), is_default = false, brand = NULL, last4 = NULL,
           exp_month = NULL, exp_year = NULL, wallet = NULL, bank_name = NULL, updated_at = now()
       WHERE user_id = $1`,
      [userId],
    );
    await manager.query('DELETE FROM payment.idempotency_keys WHERE user_id = $1', [userId]);
  }

  /**
   * A redelivery finds the method already detached: the gateway's answer that it is missing or not
   * attached then means done. Any other refusal, or an unreachable gateway, does not fail the
   * handler: the relay delivers identity's events in order, and a retried erasure would hold back
   * every later one (sign-up and reset mails) for the whole back-off. The method is removed here all
   * the same, so nothing can charge it; the log names it (the gateway's id, nothing personal) for a
   * detach by hand.
   */
  private async detach(gatewayPaymentMethodId: string): Promise<void> {
    try {
      await this.gateway.detachPaymentMethod(gatewayPaymentMethodId);
    } catch (error) {
      if (error instanceof GatewayUnavailableError)
        this.logger.warn(
          `erasure: ${gatewayPaymentMethodId} not detached, gateway unreachable: ${error.message}`,
        );
      else if (error instanceof GatewayRequestError) {
        if (!alreadyDetached(error))
          this.logger.warn(`erasure: ${gatewayPaymentMethodId} not detached, gateway refused: ${error.code}`);
      } else throw error;
    }
  }
}

/**
 * Stripe answers resource_missing for a method it does not know, and an invalid_request_error
 * without a code ("The payment method you provided is not attached to a customer so detachment is
 * impossible.") for one already detached.
 */
function alreadyDetached(error: GatewayRequestError): boolean {
  return error.code === 'resource_missing' || /not attached/i.test(error.message);
}
