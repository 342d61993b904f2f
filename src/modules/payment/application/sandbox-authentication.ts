import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PaymentErrors } from '../domain/payment.errors';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';
import { SandboxGateway } from './gateway/sandbox-gateway';
import { IntentReconciler } from './intent-reconciler';
import { IntentRecorder } from './intent-recorder';

/** The sandbox's 3-D Secure step, and the notification Stripe would send about it. */
@Injectable()
export class SandboxAuthentication {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly recorder: IntentRecorder,
    private readonly reconciler: IntentReconciler,
  ) {}

  async authenticate(gatewayIntentId: string, clientSecret: string, outcome: 'succeed' | 'fail') {
    if (!(this.gateway instanceof SandboxGateway)) throw PaymentErrors.sandboxOnly();
    let observed;
    try {
      observed = await this.gateway.authenticate(gatewayIntentId, clientSecret, outcome);
    } catch (error) {
      if (error instanceof GatewayRequestError) throw PaymentErrors.sandboxNotAwaitingAuthentication();
      throw error;
    }
    if (!observed) throw PaymentErrors.sandboxIntentNotFound();
    const leg = await this.dataSource.getRepository(PaymentLegEntity).findOneBy({ gatewayIntentId });
    if (leg) {
      await this.recorder.record(leg.intentId, { kind: 'intent', leg: leg.kind, intent: observed });
      await this.reconciler.reconcile(leg.intentId);
    }
    return { id: observed.id, status: observed.status };
  }
}
