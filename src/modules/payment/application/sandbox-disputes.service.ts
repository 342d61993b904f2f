import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PaymentErrors } from '../domain/payment.errors';
import { DisputeEntity } from '../persistence/dispute.entity';
import type { DisputeView } from './admin-disputes.service';
import { toView } from './admin-disputes.service';
import { DisputeRecorder } from './dispute-recorder';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { SandboxGateway } from './gateway/sandbox-gateway';

/** Reasons the sandbox lets a payer give: one the owner bears when lost, and ones the platform does. */
export const SANDBOX_DISPUTE_REASONS = [
  'fraudulent',
  'product_not_received',
  'product_unacceptable',
  'duplicate',
  'general',
] as const;

/**
 * The sandbox's dispute trigger: the payer of a captured rental payment disputes it with their bank,
 * as Stripe's dispute test cards do, and the dispute reaches our records at once, as Stripe's
 * `charge.dispute.created` webhook would. Only with the sandbox gateway (404 otherwise).
 */
@Injectable()
export class SandboxDisputesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly recorder: DisputeRecorder,
  ) {}

  async open(
    payerId: string,
    input: { paymentIntentId: string; reason: string; inquiry: boolean },
    now = new Date(),
  ): Promise<DisputeView> {
    const gateway = this.gateway;
    if (!(gateway instanceof SandboxGateway)) throw PaymentErrors.sandboxOnly();
    const [leg] = await this.dataSource.query(
      `SELECT l.gateway_intent_id FROM payment.payment_intents i
       JOIN payment.payment_legs l ON l.intent_id = i.id AND l.kind = 'charge'
       WHERE i.id = $1 AND i.payer_id = $2`,
      [input.paymentIntentId, payerId],
    );
    if (!leg) throw PaymentErrors.paymentIntentNotFound();
    if (!leg.gateway_intent_id) throw PaymentErrors.sandboxNothingToDispute();
    let observed;
    try {
      observed = await gateway.openDispute(leg.gateway_intent_id, {
        reason: input.reason,
        inquiry: input.inquiry,
        now,
      });
    } catch (error) {
      if (error instanceof GatewayRequestError) throw PaymentErrors.sandboxNothingToDispute();
      throw error;
    }
    const disputeId = await this.dataSource.transaction((manager) =>
      this.recorder.apply(manager, observed, { via: 'sandbox' }),
    );
    if (!disputeId) throw PaymentErrors.sandboxNothingToDispute();
    return toView(await this.dataSource.getRepository(DisputeEntity).findOneByOrFail({ id: disputeId }));
  }
}
