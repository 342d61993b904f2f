import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource, IsNull } from 'typeorm';
import { PaymentErrors } from '../domain/payment.errors';
import { PaymentMethodEntity } from '../persistence/payment-method.entity';
import { CustomersService } from './customers.service';
import type { GatewayPaymentMethod } from './gateway/payment-gateway';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';

export interface PaymentMethodView {
  id: string;
  type: 'card' | 'bank_account' | 'wallet';
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  wallet: string | null;
  bankName: string | null;
  isDefault: boolean;
  /** Cards and wallets can hold a rental amount; bank debits cannot be authorized and captured later. */
  supportsHolds: boolean;
  createdAt: string;
}

const TOKEN = /^pm_[A-Za-z0-9_]{3,120}$/;
/** Saved methods per user: enough for anyone, and a bound on what one account can make us store. */
export const MAX_PAYMENT_METHODS = 20;
const DIGIT_RUN = /\d[\d\s-]{11,}\d/;

const clip = (value: string | null, max: number) => (value === null ? null : value.slice(0, max));

/** What the gateway says is stored as bounded, well-formed fields (it is echoed to clients). */
function clipGatewayDetails(m: GatewayPaymentMethod) {
  const month = m.expMonth !== null && m.expMonth >= 1 && m.expMonth <= 12 ? m.expMonth : null;
  const year = m.expYear !== null && m.expYear >= 2000 && m.expYear <= 2200 ? m.expYear : null;
  return {
    type: m.type,
    brand: clip(m.brand, 32),
    last4: m.last4 !== null && /^[0-9]{4}$/.test(m.last4) ? m.last4 : null,
    expMonth: month,
    expYear: year,
    wallet: clip(m.wallet, 32),
    bankName: clip(m.bankName, 100),
  };
}

export const supportsHolds = (method: { type: string }) => method.type !== 'bank_account';

export function toPaymentMethodView(m: PaymentMethodEntity): PaymentMethodView {
  return {
    id: m.id,
    type: m.type,
    brand: m.brand,
    last4: m.last4,
    expMonth: m.expMonth,
    expYear: m.expYear,
    wallet: m.wallet,
    bankName: m.bankName,
    isDefault: m.isDefault,
    supportsHolds: supportsHolds(m),
    createdAt: m.createdAt.toISOString(),
  };
}

@Injectable()
export class PaymentMethodsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly customers: CustomersService,
  ) {}

  /**
   * Attaches a client-side token (Stripe.js / mobile SDK) to the user's customer. Card numbers never
   * reach this API: anything that looks like one is refused outright, before any call.
   */
  async add(
    userId: string,
    token: string,
    makeDefault: boolean | undefined,
    gatewayKey: string,
  ): Promise<PaymentMethodView> {
    if (DIGIT_RUN.test(token)) throw PaymentErrors.rawCardNumber();
    if (!TOKEN.test(token))
      throw PaymentErrors.invalidToken('token must be a payment-method token such as pm_card_visa');
    if ((await this.countActive(this.dataSource.manager, userId)) >= MAX_PAYMENT_METHODS)
      throw PaymentErrors.tooManyPaymentMethods(MAX_PAYMENT_METHODS);
    const customerId = await this.customers.ensure(userId);
    let attached;
    try {
      attached = await this.gateway.attachPaymentMethod({ token, customerId, idempotencyKey: gatewayKey });
    } catch (error) {
      if (error instanceof GatewayRequestError)
        throw PaymentErrors.invalidToken(`The payment provider refused this token: ${error.message}`);
      throw error;
    }
    const details = clipGatewayDetails(attached);
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PaymentMethodEntity);
      const existing = await repo.findOneBy({ gatewayPaymentMethodId: attached.id });
      if (existing) return toPaymentMethodView(existing);
      // Serialize the user's method changes: the cap holds under concurrency, and the default's
      // partial unique index is never tripped.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payment-methods:${userId}`]);
      if ((await this.countActive(manager, userId)) >= MAX_PAYMENT_METHODS) {
        await this.gateway.detachPaymentMethod(attached.id).catch(() => undefined);
        throw PaymentErrors.tooManyPaymentMethods(MAX_PAYMENT_METHODS);
      }
      const hasDefault = await repo.existsBy({ userId, isDefault: true, removedAt: IsNull() });
      const isDefault = makeDefault === true || !hasDefault;
      if (isDefault && hasDefault)
        await repo.update({ userId, isDefault: true, removedAt: IsNull() }, { isDefault: false });
      const method = repo.create({
        id: randomUUID(),
        userId,
        gatewayPaymentMethodId: attached.id,
        ...details,
        isDefault,
        removedAt: null,
      });
      return toPaymentMethodView(await repo.save(method));
    });
  }

  private countActive(manager: EntityManager, userId: string): Promise<number> {
    return manager.getRepository(PaymentMethodEntity).countBy({ userId, removedAt: IsNull() });
  }

  async list(userId: string): Promise<PaymentMethodView[]> {
    const methods = await this.dataSource
      .getRepository(PaymentMethodEntity)
      .find({ where: { userId, removedAt: IsNull() }, order: { isDefault: 'DESC', createdAt: 'DESC' } });
    return methods.map(toPaymentMethodView);
  }

  async makeDefault(userId: string, id: string): Promise<PaymentMethodView> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PaymentMethodEntity);
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payment-methods:${userId}`]);
      const method = await repo.findOneBy({ id, userId, removedAt: IsNull() });
      if (!method) throw PaymentErrors.paymentMethodNotFound();
      if (!method.isDefault) {
        await repo.update({ userId, isDefault: true, removedAt: IsNull() }, { isDefault: false });
        method.isDefault = true;
        await repo.save(method);
      }
      return toPaymentMethodView(method);
    });
  }

  /** Detaches at the gateway and keeps our row (intents refer to it); the newest other method becomes the default. */
  async remove(userId: string, id: string): Promise<void> {
    const method = await this.dataSource
      .getRepository(PaymentMethodEntity)
      .findOneBy({ id, userId, removedAt: IsNull() });
    if (!method) throw PaymentErrors.paymentMethodNotFound();
    await this.gateway.detachPaymentMethod(method.gatewayPaymentMethodId);
    await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(PaymentMethodEntity);
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`payment-methods:${userId}`]);
      await repo.update({ id, removedAt: IsNull() }, { removedAt: new Date(), isDefault: false });
      const hasDefault = await repo.existsBy({ userId, isDefault: true, removedAt: IsNull() });
      if (!hasDefault) {
        const next = await repo.findOne({
          where: { userId, removedAt: IsNull() },
          order: { createdAt: 'DESC' },
        });
        if (next) await repo.update({ id: next.id }, { isDefault: true });
      }
    });
  }

  /** The method to charge: the one named (it must be the user's), else the default; null when none. */
  async resolve(
    manager: EntityManager,
    userId: string,
    id: string | null | undefined,
    forHolds: boolean,
  ): Promise<PaymentMethodEntity | null> {
    const repo = manager.getRepository(PaymentMethodEntity);
    if (id) {
      const method = await repo.findOneBy({ id, userId, removedAt: IsNull() });
      if (!method) throw PaymentErrors.paymentMethodNotFound();
      if (forHolds && !supportsHolds(method)) throw PaymentErrors.paymentMethodCannotHold();
      return method;
    }
    const fallback = await repo.findOneBy({ userId, isDefault: true, removedAt: IsNull() });
    return fallback && (!forHolds || supportsHolds(fallback)) ? fallback : null;
  }
}
