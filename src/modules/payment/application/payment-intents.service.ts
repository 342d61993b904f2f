import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource } from 'typeorm';
import type { Page } from '../../../platform/http/pagination';
import { RentalApi } from '../../rental';
import type { IntentStatus, PaymentPurpose, PaymentStage } from '../domain/payment-intent';
import { PaymentErrors } from '../domain/payment.errors';
import { PaymentIntentEntity } from '../persistence/payment-intent.entity';
import { PaymentLegEntity } from '../persistence/payment-leg.entity';
import { DepositHolds } from './deposit-holds';
import { IntentCommands } from './intent-commands';
import { IntentReconciler } from './intent-reconciler';
import type { PaymentIntentView } from './intent-view';
import { toIntentView } from './intent-view';
import { PaymentMethodsService } from './payment-methods.service';

export interface IntentQuery {
  purpose?: PaymentPurpose;
  rentalId?: string;
  status?: IntentStatus;
  page: number;
  limit: number;
}

const PAYABLE_RENTAL_STATUSES: Record<string, PaymentStage> = {
  requested: 'requested',
  accepted: 'accepted',
  active: 'active',
};

const CONFIRMABLE: IntentStatus[] = ['requires_payment_method', 'requires_action'];

@Injectable()
export class PaymentIntentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RentalApi) private readonly rentals: RentalApi,
    private readonly commands: IntentCommands,
    private readonly reconciler: IntentReconciler,
    private readonly methods: PaymentMethodsService,
    private readonly holds: DepositHolds,
  ) {}

  /**
   * The intent for a rental (created if the rental's events have not yet created it) or the open
   * one of a subscription; with a payment method, also confirms it. Amounts come from the rental's
   * quote or the subscription's charge, never from the client.
   */
  async open(
    userId: string,
    input: { rentalId?: string; subscriptionId?: string; paymentMethodId?: string },
  ): Promise<{ view: PaymentIntentView; created: boolean }> {
    if (!!input.rentalId === !!input.subscriptionId) throw PaymentErrors.targetRequired();
    let id: string;
    let created = false;
    if (input.rentalId) {
      const rental = await this.rentals.findRental(input.rentalId);
      if (!rental || rental.renterId !== userId) throw PaymentErrors.rentalNotFound();
      const existing = await this.dataSource
        .getRepository(PaymentIntentEntity)
        .findOneBy({ reference: `rental-${rental.id}` });
      if (existing) id = existing.id;
      else {
        const stage = PAYABLE_RENTAL_STATUSES[rental.status];
        if (!stage) throw PaymentErrors.rentalNotPayable(rental.status);
        ({ id, created } = await this.commands.ensureRentalIntent(
          {
            rentalId: rental.id,
            renterId: rental.renterId,
            ownerId: rental.ownerId,
            currency: rental.quote.currency,
            subtotal: rental.quote.subtotal,
            platformFee: rental.quote.platformFee,
            deposit: rental.quote.deposit,
            stage,
          },
          input.paymentMethodId,
        ));
      }
    } else {
      const open = await this.dataSource
        .getRepository(PaymentIntentEntity)
        .createQueryBuilder('i')
        .where('i.subscription_id = :sub AND i.payer_id = :user', { sub: input.subscriptionId, user: userId })
        .orderBy('i.created_at', 'DESC')
        .getOne();
      if (!open) throw PaymentErrors.subscriptionPaymentNotFound();
      id = open.id;
    }
    if (created) await this.reconciler.reconcile(id);
    else if (input.paymentMethodId) {
      const current = await this.load(userId, id);
      if (CONFIRMABLE.includes(current.status))
        return { view: await this.confirm(userId, id, input.paymentMethodId), created };
    }
    return { view: await this.get(userId, id), created };
  }

  async confirm(userId: string, intentId: string, paymentMethodId?: string): Promise<PaymentIntentView> {
    const intent = await this.dataSource
      .getRepository(PaymentIntentEntity)
      .findOneBy({ id: intentId, payerId: userId });
    if (!intent) throw PaymentErrors.paymentIntentNotFound();
    if (!CONFIRMABLE.includes(intent.status)) throw PaymentErrors.notConfirmable(intent.status);
    const method = await this.methods
      .resolve(
        this.dataSource.manager,
        userId,
        paymentMethodId ?? intent.paymentMethodId,
        intent.purpose === 'rental',
      )
      .catch(async (error: unknown) => {
        // The intent's own method may have been removed since: fall back to the default.
        if (paymentMethodId) throw error;
        return this.methods.resolve(this.dataSource.manager, userId, null, intent.purpose === 'rental');
      });
    if (!method) throw PaymentErrors.paymentMethodRequired();
    await this.commands.requestAttempt(intent.id, method.id);
    await this.reconciler.reconcile(intent.id);
    return this.get(userId, intent.id);
  }

  async get(userId: string, id: string): Promise<PaymentIntentView> {
    const intent = await this.load(userId, id);
    const legs = await this.dataSource.getRepository(PaymentLegEntity).findBy({ intentId: id });
    const holds = await this.holds.viewsOf([id]);
    return toIntentView(intent, legs, userId, holds.get(id) ?? null);
  }

  async list(userId: string, query: IntentQuery): Promise<Page<PaymentIntentView>> {
    const qb = this.dataSource
      .getRepository(PaymentIntentEntity)
      .createQueryBuilder('i')
      .where(new Brackets((w) => w.where('i.payer_id = :user').orWhere('i.payee_id = :user')), {
        user: userId,
      });
    if (query.purpose) qb.andWhere('i.purpose = :purpose', { purpose: query.purpose });
    if (query.rentalId) qb.andWhere('i.rental_id = :rental', { rental: query.rentalId });
    if (query.status) qb.andWhere('i.status = :status', { status: query.status });
    const [intents, total] = await qb
      .orderBy('i.created_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .skip((query.page - 1) * query.limit)
      .take(query.limit)
      .getManyAndCount();
    const legs = intents.length
      ? await this.dataSource
          .getRepository(PaymentLegEntity)
          .createQueryBuilder('l')
          .where('l.intent_id IN (:...ids)', { ids: intents.map((i) => i.id) })
          .getMany()
      : [];
    const holds = await this.holds.viewsOf(intents.map((i) => i.id));
    return {
      items: intents.map((i) =>
        toIntentView(
          i,
          legs.filter((l) => l.intentId === i.id),
          userId,
          holds.get(i.id) ?? null,
        ),
      ),
      page: query.page,
      limit: query.limit,
      total,
    };
  }

  /** Visible to its payer and its payee; anyone else gets a 404. */
  private async load(userId: string, id: string): Promise<PaymentIntentEntity> {
    const intent = await this.dataSource
      .getRepository(PaymentIntentEntity)
      .createQueryBuilder('i')
      .where('i.id = :id', { id })
      .andWhere(new Brackets((w) => w.where('i.payer_id = :user').orWhere('i.payee_id = :user')), {
        user: userId,
      })
      .getOne();
    if (!intent) throw PaymentErrors.paymentIntentNotFound();
    return intent;
  }
}
