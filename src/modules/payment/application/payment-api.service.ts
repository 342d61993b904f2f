import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PaymentIntentSnapshot, SubscriptionChargeRequest } from '../contracts/payment-api';
import { PaymentApi } from '../contracts/payment-api';
import { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { IntentCommands } from './intent-commands';
import { IntentReconciler } from './intent-reconciler';
import { toSnapshot } from './intent-view';
import { PaymentMethodsService } from './payment-methods.service';

@Injectable()
export class PaymentApiService extends PaymentApi {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly commands: IntentCommands,
    private readonly reconciler: IntentReconciler,
    private readonly methods: PaymentMethodsService,
  ) {
    super();
  }

  async chargeSubscription(request: SubscriptionChargeRequest): Promise<PaymentIntentSnapshot> {
    // A method removed since the subscription named it falls back to the default, as a renewal should.
    const named = request.paymentMethodId;
    const usable = named !== null && (await this.hasUsablePaymentMethod(request.payerId, named));
    const { id } = await this.commands.ensureSubscriptionIntent({
      ...request,
      paymentMethodId: usable ? named : null,
    });
    await this.reconciler.reconcile(id);
    return (await this.findPaymentIntent(id))!;
  }

  async voidSubscriptionCharge(reference: string): Promise<PaymentIntentSnapshot | null> {
    const intent = await this.dataSource.getRepository(PaymentIntentEntity).findOneBy({ reference });
    if (!intent) return null;
    if (await this.commands.advanceStage(intent.id, 'void')) await this.reconciler.reconcile(intent.id);
    return this.findPaymentIntent(intent.id);
  }

  async findPaymentIntent(id: string): Promise<PaymentIntentSnapshot | null> {
    const intent = await this.dataSource.getRepository(PaymentIntentEntity).findOneBy({ id });
    if (!intent) return null;
    const legs = await this.dataSource.getRepository(PaymentLegEntity).findBy({ intentId: id });
    return toSnapshot(intent, legs);
  }

  async hasUsablePaymentMethod(userId: string, paymentMethodId: string | null): Promise<boolean> {
    try {
      return (await this.methods.resolve(this.dataSource.manager, userId, paymentMethodId, false)) !== null;
    } catch {
      return false;
    }
  }
}
