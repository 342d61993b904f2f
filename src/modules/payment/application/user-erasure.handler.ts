import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EventBus } from '../../../platform/events/event-bus';
import { UserDeleted } from '../../identity';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './gateway/payment-gateway';

/**
 * A payer or owner erased their account. The books stay as they are: intents, legs, gateway
 * operations and the append-only ledger keep amounts and ids, as bookkeeping law requires, and
 * hold no name or address: payment never stores one (the gateway customer carries only our user
 * id). What goes is what describes the person's instruments, each card or account detached at the
 * gateway (never to be charged again) with its brand, last four digits, expiry, wallet and bank
 * cleared here, and their stored Idempotency-Key answers.
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
      handle: (event, manager) => this.erase(event.payload.userId, manager),
    });
  }

  async erase(userId: string, manager: EntityManager): Promise<void> {
    const attached: { gateway_payment_method_id: string }[] = await manager.query(
      `SELECT gateway_payment_method_id FROM payment.payment_methods
       WHERE user_id = $1 AND removed_at IS NULL FOR UPDATE`,
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
   * A redelivery finds the method already detached: the gateway's refusal then means done. An
   * unreachable gateway does not fail the handler: the relay delivers identity's events in order,
   * and a retried erasure would hold back every later one (sign-up and reset mails) for the whole
   * back-off. The method is removed here all the same, so nothing can charge it; the log names it
   * for a detach by hand.
   */
  private async detach(gatewayPaymentMethodId: string): Promise<void> {
    try {
      await this.gateway.detachPaymentMethod(gatewayPaymentMethodId);
    } catch (error) {
      if (error instanceof GatewayUnavailableError)
        this.logger.warn(
          `erasure: ${gatewayPaymentMethodId} not detached, gateway unreachable: ${error.message}`,
        );
      else if (!(error instanceof GatewayRequestError)) throw error;
    }
  }
}
