import { randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type {
  CreateIntentInput,
  CreateTransferInput,
  GatewayAccount,
  GatewayDispute,
  GatewayError,
  GatewayIntent,
  GatewayIntentAudit,
  GatewayLink,
  GatewayPaymentMethod,
  GatewayRefund,
  GatewayTransfer,
  GatewayTransferReversal,
} from './payment-gateway';
import { GatewayRequestError, PaymentGateway } from './payment-gateway';
import type { SandboxOnboardingResult } from './sandbox-connect';
import { SandboxConnect } from './sandbox-connect';
import { SandboxDisputes } from './sandbox-disputes';
import type { SandboxInstrument } from './sandbox-instruments';
import { SANDBOX_INSTRUMENTS } from './sandbox-instruments';
import type { SandboxIntent } from './sandbox-objects';
import { toGateway, visibleDetails } from './sandbox-objects';
import { SandboxStore } from './sandbox-store';

interface SandboxPaymentMethod {
  id: string;
  token: string;
  customer: string | null;
}

export const SANDBOX_AUTH_PATH = '/api/v1/payment/sandbox/payment-intents';

const newId = (prefix: string) => `${prefix}_sb_${randomBytes(12).toString('hex')}`;

const DECLINES: Partial<Record<SandboxInstrument['behaviour'], GatewayError>> = {
  decline: { code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  insufficient_funds: {
    code: 'card_declined',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  expired_card: { code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.' },
};

/**
 * The embedded default gateway: Stripe's test mode, reproduced. Test tokens behave as Stripe's test
 * cards do (succeed, decline, ask for 3-D Secure), amounts are minor units, idempotency keys replay
 * the first answer (a different request under the same key is refused, as Stripe does), and the
 * state lives in the payment schema's sandbox_* tables — the sandbox's "Stripe side", which nothing
 * else reads — so it survives restarts and is shared by every instance.
 */
export class SandboxGateway extends PaymentGateway {
  readonly name = 'sandbox' as const;

  private readonly store: SandboxStore;
  private readonly connect: SandboxConnect;
  private readonly disputes: SandboxDisputes;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.store = new SandboxStore(dataSource);
    this.connect = new SandboxConnect(dataSource, this.store);
    this.disputes = new SandboxDisputes(dataSource, this.store);
  }

  /** The payer disputes a captured charge with their bank (the sandbox's trigger; Stripe's test cards do it). */
  openDispute(
    gatewayIntentId: string,
    input: { reason: string; inquiry: boolean; now: Date },
  ): Promise<GatewayDispute> {
    return this.disputes.open(gatewayIntentId, input);
  }

  retrieveDispute(id: string): Promise<GatewayDispute> {
    return this.disputes.retrieve(id);
  }

  submitDisputeEvidence(
    id: string,
    input: { text: string; submit: boolean; idempotencyKey: string },
  ): Promise<GatewayDispute> {
    return this.disputes.submitEvidence(id, input);
  }

  listTransfers(transferGroup: string): Promise<GatewayTransfer[]> {
    return this.connect.listTransfers(transferGroup);
  }

  async auditPaymentIntent(id: string): Promise<GatewayIntentAudit> {
    const intent = await this.retrievePaymentIntent(id);
    return {
      id: intent.id,
      status: intent.status,
      amountCapturable: intent.amountCapturable,
      amountReceived: intent.amountReceived,
      amountRefunded: intent.amountRefunded,
    };
  }

  createConnectedAccount(input: { userId: string; idempotencyKey: string }): Promise<GatewayAccount> {
    return this.connect.createAccount(input);
  }

  retrieveConnectedAccount(id: string): Promise<GatewayAccount> {
    return this.connect.retrieveAccount(id);
  }

  createOnboardingLink(input: {
    accountId: string;
    refreshUrl: string;
    returnUrl: string;
  }): Promise<GatewayLink> {
    return this.connect.createLink(input.accountId, 'account_onboarding', input);
  }

  /** The sandbox has no dashboard: its "dashboard" is the same page, to update the account. */
  createDashboardLink(accountId: string): Promise<GatewayLink> {
    return this.connect.createLink(accountId, 'account_update', { refreshUrl: '', returnUrl: '' });
  }

  createTransfer(input: CreateTransferInput): Promise<GatewayTransfer> {
    return this.connect.createTransfer(input);
  }

  reverseTransfer(
    transferId: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayTransferReversal> {
    return this.connect.reverseTransfer(transferId, input);
  }

  /** The sandbox's hosted onboarding page (what following an onboarding link leads to). */
  followOnboardingLink(
    accountId: string,
    link: string,
    outcome: 'complete' | 'abandon',
  ): Promise<SandboxOnboardingResult | null> {
    return this.connect.follow(accountId, link, outcome);
  }

  createCustomer(input: { userId: string; idempotencyKey: string }): Promise<string> {
    return this.store.idempotent(input.idempotencyKey, 'customers.create', input, async (m) => {
      const id = newId('cus');
      await this.store.save(m, 'customer', id, { id, metadata: { userId: input.userId } });
      return id;
    });
  }

  attachPaymentMethod(input: {
    token: string;
    customerId: string;
    idempotencyKey: string;
  }): Promise<GatewayPaymentMethod> {
    return this.store.idempotent(input.idempotencyKey, 'payment_methods.attach', input, async (m) => {
      const instrument = SANDBOX_INSTRUMENTS[input.token];
      if (!instrument)
        throw new GatewayRequestError('resource_missing', `No such PaymentMethod: '${input.token}'`);
      // As with Stripe's test tokens, attaching one creates a new payment method each time.
      const method: SandboxPaymentMethod = {
        id: newId('pm'),
        token: input.token,
        customer: input.customerId,
      };
      await this.store.save(m, 'payment_method', method.id, method);
      return visibleDetails(method.id, instrument);
    });
  }

  async detachPaymentMethod(paymentMethodId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const method = await this.store.load<SandboxPaymentMethod>(m, 'payment_method', paymentMethodId);
      if (method) await this.store.save(m, 'payment_method', method.id, { ...method, customer: null });
    });
  }

  createPaymentIntent(input: CreateIntentInput): Promise<GatewayIntent> {
    return this.store.idempotent(input.idempotencyKey, 'payment_intents.create', input, async (m) => {
      const method = await this.usableMethod(m, input.paymentMethodId, input.customerId);
      const intent: SandboxIntent = {
        id: newId('pi'),
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        customer: input.customerId,
        payment_method: method.id,
        capture_method: input.captureMethod,
        status: 'requires_confirmation',
        amount_capturable: 0,
        amount_received: 0,
        amount_refunded: 0,
        client_secret: '',
        last_payment_error: null,
        next_action: null,
      };
      intent.client_secret = `${intent.id}_secret_${randomBytes(12).toString('hex')}`;
      this.confirm(intent, method, input.offSession);
      await this.store.save(m, 'payment_intent', intent.id, intent);
      return toGateway(intent);
    });
  }

  confirmPaymentIntent(
    id: string,
    input: { paymentMethodId: string; offSession: boolean; idempotencyKey: string },
  ): Promise<GatewayIntent> {
    return this.store.idempotent(input.idempotencyKey, 'payment_intents.confirm', { id, ...input }, (m) =>
      this.mutate(m, id, async (intent) => {
        if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status))
          return;
        const method = await this.usableMethod(m, input.paymentMethodId, intent.customer);
        intent.payment_method = method.id;
        this.confirm(intent, method, input.offSession);
      }),
    );
  }

  async retrievePaymentIntent(id: string): Promise<GatewayIntent> {
    const intent = await this.store.load<SandboxIntent>(this.dataSource.manager, 'payment_intent', id);
    if (!intent) throw new GatewayRequestError('resource_missing', `No such payment_intent: '${id}'`);
    return toGateway(intent);
  }

  capturePaymentIntent(
    id: string,
    input: { idempotencyKey: string; amountToCapture?: number },
  ): Promise<GatewayIntent> {
    const params = { id, amountToCapture: input.amountToCapture ?? null };
    return this.store.idempotent(input.idempotencyKey, 'payment_intents.capture', params, (m) =>
      this.mutate(m, id, async (intent) => {
        if (intent.status !== 'requires_capture') return;
        const amount = input.amountToCapture ?? intent.amount_capturable;
        if (amount <= 0 || amount > intent.amount_capturable)
          throw new GatewayRequestError(
            'amount_too_large',
            `Capture of ${amount} is more than the capturable amount (${intent.amount_capturable})`,
          );
        // Like Stripe: a partial capture releases the rest of the authorization.
        intent.status = 'succeeded';
        intent.amount_received = amount;
        intent.amount_capturable = 0;
      }),
    );
  }

  cancelPaymentIntent(id: string, input: { idempotencyKey: string }): Promise<GatewayIntent> {
    return this.store.idempotent(input.idempotencyKey, 'payment_intents.cancel', { id }, (m) =>
      this.mutate(m, id, async (intent) => {
        if (intent.status === 'succeeded' || intent.status === 'canceled' || intent.status === 'processing')
          return;
        intent.status = 'canceled';
        intent.amount_capturable = 0;
        intent.next_action = null;
      }),
    );
  }

  refundPaymentIntent(id: string, input: { amount: number; idempotencyKey: string }): Promise<GatewayRefund> {
    return this.store.idempotent(
      input.idempotencyKey,
      'refunds.create',
      { id, amount: input.amount },
      async (m) => {
        let refund: GatewayRefund | null = null;
        await this.mutate(m, id, async (intent) => {
          const refundable = intent.amount_received - intent.amount_refunded;
          if (intent.status !== 'succeeded' || input.amount <= 0 || input.amount > refundable)
            throw new GatewayRequestError(
              'amount_too_large',
              `Refund of ${input.amount} is greater than the unrefunded amount (${refundable})`,
            );
          intent.amount_refunded += input.amount;
          refund = { id: newId('re'), amount: input.amount, status: 'succeeded' };
        });
        return refund as unknown as GatewayRefund;
      },
    );
  }

  /**
   * The sandbox's 3-D Secure page (what Stripe's hosted test page does): the payer completes or
   * fails the challenge; the client secret proves they are the payer.
   */
  authenticate(id: string, clientSecret: string, outcome: 'succeed' | 'fail'): Promise<GatewayIntent | null> {
    return this.dataSource.transaction(async (m) => {
      const intent = await this.store.load<SandboxIntent>(m, 'payment_intent', id, true);
      if (!intent || intent.client_secret !== clientSecret) return null;
      if (intent.status !== 'requires_action')
        throw new GatewayRequestError('unexpected_state', intent.status);
      intent.next_action = null;
      if (outcome === 'succeed') this.authorize(intent);
      else intent.status = 'requires_payment_method';
      intent.last_payment_error =
        outcome === 'succeed'
          ? null
          : {
              code: 'payment_intent_authentication_failure',
              declineCode: null,
              message: 'The provided payment method has failed authentication.',
            };
      await this.store.save(m, 'payment_intent', intent.id, intent);
      return toGateway(intent);
    });
  }

  private confirm(intent: SandboxIntent, method: SandboxPaymentMethod, offSession: boolean): void {
    const instrument = SANDBOX_INSTRUMENTS[method.token];
    intent.last_payment_error = null;
    intent.next_action = null;
    const decline = DECLINES[instrument.behaviour];
    const challenge =
      instrument.behaviour === 'authenticate_always' ||
      (instrument.behaviour === 'authenticate_unless_off_session' && !offSession);
    if (decline) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = decline;
    } else if (challenge && offSession) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = {
        code: 'authentication_required',
        declineCode: 'authentication_required',
        message: 'This payment requires authentication; the customer must be present.',
      };
    } else if (challenge) {
      intent.status = 'requires_action';
      intent.next_action = {
        type: 'redirect_to_url',
        redirect_to_url: { url: `${SANDBOX_AUTH_PATH}/${intent.id}/authenticate` },
      };
    } else {
      this.authorize(intent);
    }
  }

  private authorize(intent: SandboxIntent): void {
    if (intent.capture_method === 'manual') {
      intent.status = 'requires_capture';
      intent.amount_capturable = intent.amount;
    } else {
      intent.status = 'succeeded';
      intent.amount_received = intent.amount;
    }
  }

  private async usableMethod(m: EntityManager, id: string, customer: string): Promise<SandboxPaymentMethod> {
    const method = await this.store.load<SandboxPaymentMethod>(m, 'payment_method', id);
    if (!method || method.customer !== customer)
      throw new GatewayRequestError('resource_missing', `No such PaymentMethod: '${id}' on this customer`);
    return method;
  }

  private async mutate(
    m: EntityManager,
    id: string,
    change: (intent: SandboxIntent) => Promise<void>,
  ): Promise<GatewayIntent> {
    const intent = await this.store.load<SandboxIntent>(m, 'payment_intent', id, true);
    if (!intent) throw new GatewayRequestError('resource_missing', `No such payment_intent: '${id}'`);
    await change(intent);
    await this.store.save(m, 'payment_intent', intent.id, intent);
    return toGateway(intent);
  }
}
