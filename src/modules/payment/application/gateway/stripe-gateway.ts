import type Stripe from 'stripe';
import type { GatewayStatus } from '../../domain/payment-intent';
import type {
  CreateIntentInput,
  CreateTransferInput,
  GatewayAccount,
  GatewayIntent,
  GatewayLink,
  GatewayPaymentMethod,
  GatewayRefund,
  GatewayTransfer,
  GatewayTransferReversal,
} from './payment-gateway';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './payment-gateway';
import { toGatewayAccount, toGatewayTransfer } from './stripe-connect-objects';

type StripeError = Error & {
  type?: string;
  code?: string;
  decline_code?: string;
  statusCode?: number;
  payment_intent?: Stripe.PaymentIntent;
};

const isStripeError = (error: unknown): error is StripeError =>
  error instanceof Error &&
  typeof (error as StripeError).type === 'string' &&
  (error as StripeError).type!.startsWith('Stripe');

/**
 * Stripe through its official SDK. Every mutating call carries our deterministic idempotency key
 * (the SDK's own retries reuse it too). A card decline comes back from Stripe as an error that
 * carries the payment intent: we return that intent, so a decline is an answer like any other.
 * An "unexpected state" refusal (capture of a cancelled intent, say) means our record is behind:
 * we answer with the intent as Stripe has it, and the caller records that instead.
 */
export class StripeGateway extends PaymentGateway {
  readonly name = 'stripe' as const;

  constructor(private readonly stripe: Stripe) {
    super();
  }

  async createCustomer(input: { userId: string; idempotencyKey: string }): Promise<string> {
    const customer = await this.call(() =>
      this.stripe.customers.create(
        { metadata: { userId: input.userId } },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return customer.id;
  }

  async attachPaymentMethod(input: {
    token: string;
    customerId: string;
    idempotencyKey: string;
  }): Promise<GatewayPaymentMethod> {
    const method = await this.call(() =>
      this.stripe.paymentMethods.attach(
        input.token,
        { customer: input.customerId },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toPaymentMethod(method);
  }

  async detachPaymentMethod(paymentMethodId: string): Promise<void> {
    await this.call(() => this.stripe.paymentMethods.detach(paymentMethodId));
  }

  createPaymentIntent(input: CreateIntentInput): Promise<GatewayIntent> {
    return this.intentCall(() =>
      this.stripe.paymentIntents.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          customer: input.customerId,
          payment_method: input.paymentMethodId,
          capture_method: input.captureMethod,
          confirm: true,
          off_session: input.offSession || undefined,
          description: input.description,
          metadata: input.metadata,
          // Separate charges and transfers: the owner's transfer carries the same group.
          transfer_group: input.transferGroup,
          // No redirect-based methods: 3-D Secure is completed in the client with the client secret.
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
  }

  confirmPaymentIntent(
    id: string,
    input: { paymentMethodId: string; offSession: boolean; idempotencyKey: string },
  ): Promise<GatewayIntent> {
    return this.intentCall(
      () =>
        this.stripe.paymentIntents.confirm(
          id,
          { payment_method: input.paymentMethodId, off_session: input.offSession || undefined },
          { idempotencyKey: input.idempotencyKey },
        ),
      id,
    );
  }

  retrievePaymentIntent(id: string): Promise<GatewayIntent> {
    return this.intentCall(() => this.stripe.paymentIntents.retrieve(id));
  }

  capturePaymentIntent(id: string, input: { idempotencyKey: string }): Promise<GatewayIntent> {
    return this.intentCall(
      () => this.stripe.paymentIntents.capture(id, {}, { idempotencyKey: input.idempotencyKey }),
      id,
    );
  }

  cancelPaymentIntent(id: string, input: { idempotencyKey: string }): Promise<GatewayIntent> {
    return this.intentCall(
      () => this.stripe.paymentIntents.cancel(id, {}, { idempotencyKey: input.idempotencyKey }),
      id,
    );
  }

  async refundPaymentIntent(
    id: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayRefund> {
    const refund = await this.call(() =>
      this.stripe.refunds.create(
        { payment_intent: id, amount: input.amount },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return {
      id: refund.id,
      amount: refund.amount,
      status: (refund.status ?? 'pending') as GatewayRefund['status'],
    };
  }

  async createConnectedAccount(input: { userId: string; idempotencyKey: string }): Promise<GatewayAccount> {
    const account = await this.call(() =>
      this.stripe.accounts.create(
        {
          type: 'express',
          // Separate charges and transfers need only the transfers capability on the owner's side.
          capabilities: { transfers: { requested: true } },
          metadata: { userId: input.userId },
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toGatewayAccount(account);
  }

  async retrieveConnectedAccount(id: string): Promise<GatewayAccount> {
    return toGatewayAccount(await this.call(() => this.stripe.accounts.retrieve(id)));
  }

  async createOnboardingLink(input: {
    accountId: string;
    refreshUrl: string;
    returnUrl: string;
  }): Promise<GatewayLink> {
    const link = await this.call(() =>
      this.stripe.accountLinks.create({
        account: input.accountId,
        type: 'account_onboarding',
        refresh_url: input.refreshUrl,
        return_url: input.returnUrl,
      }),
    );
    return { url: link.url, expiresAt: new Date(link.expires_at * 1000) };
  }

  async createDashboardLink(accountId: string): Promise<GatewayLink> {
    const link = await this.call(() => this.stripe.accounts.createLoginLink(accountId));
    return { url: link.url, expiresAt: null };
  }

  async createTransfer(input: CreateTransferInput): Promise<GatewayTransfer> {
    const transfer = await this.call(() =>
      this.stripe.transfers.create(
        {
          amount: input.amount,
          currency: input.currency.toLowerCase(),
          destination: input.destination,
          transfer_group: input.transferGroup,
          description: input.description,
          metadata: input.metadata,
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toGatewayTransfer(transfer);
  }

  async reverseTransfer(
    transferId: string,
    input: { amount: number; idempotencyKey: string },
  ): Promise<GatewayTransferReversal> {
    const reversal = await this.call(() =>
      this.stripe.transfers.createReversal(
        transferId,
        { amount: input.amount },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return { id: reversal.id, transferId, amount: reversal.amount };
  }

  private async intentCall(work: () => Promise<Stripe.PaymentIntent>, id?: string): Promise<GatewayIntent> {
    try {
      return toGatewayIntent(await work());
    } catch (error) {
      if (isStripeError(error) && error.payment_intent && error.type === 'StripeCardError')
        return toGatewayIntent(error.payment_intent);
      if (isStripeError(error) && id && error.code === 'payment_intent_unexpected_state')
        return this.retrievePaymentIntent(id);
      throw translate(error);
    }
  }

  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw translate(error);
    }
  }
}

function translate(error: unknown): Error {
  if (!isStripeError(error)) return error instanceof Error ? error : new Error(String(error));
  const unavailable =
    error.type === 'StripeConnectionError' ||
    error.type === 'StripeAPIError' ||
    error.type === 'StripeRateLimitError' ||
    error.type === 'StripeIdempotencyError' ||
    (error.statusCode ?? 0) >= 500;
  if (unavailable) return new GatewayUnavailableError(`${error.type}: ${error.message}`);
  return new GatewayRequestError(error.code ?? error.type ?? 'invalid_request', error.message);
}

const STATUSES = new Set<GatewayStatus>([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'succeeded',
  'canceled',
]);

/**
 * Whether a webhook's object has what toGatewayIntent reads. Stripe always sends whole intents; an
 * event signed with our secret that does not (a hand-made test event) is ignored, not a 500.
 */
export function isWholeIntent(object: unknown): object is Stripe.PaymentIntent {
  const intent = object as Partial<Record<'id' | 'status' | 'currency' | 'amount', unknown>> | null;
  return (
    !!intent &&
    typeof intent.id === 'string' &&
    typeof intent.status === 'string' &&
    typeof intent.currency === 'string' &&
    Number.isInteger(intent.amount)
  );
}

export function toGatewayIntent(intent: Stripe.PaymentIntent): GatewayIntent {
  const status = STATUSES.has(intent.status as GatewayStatus)
    ? (intent.status as GatewayStatus)
    : 'processing';
  const error = intent.last_payment_error;
  const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
  const redirect = intent.next_action?.redirect_to_url?.url ?? null;
  return {
    id: intent.id,
    status,
    amount: intent.amount,
    currency: intent.currency.toUpperCase(),
    amountCapturable: intent.amount_capturable ?? 0,
    amountReceived: intent.amount_received ?? 0,
    amountRefunded: charge?.amount_refunded ?? 0,
    clientSecret: intent.client_secret ?? null,
    nextAction:
      status === 'requires_action' && intent.next_action
        ? { type: intent.next_action.type, redirectUrl: redirect }
        : null,
    lastError:
      error && status === 'requires_payment_method'
        ? {
            code: error.code ?? error.type ?? 'payment_failed',
            declineCode: error.decline_code ?? null,
            message: error.message ?? 'The payment failed',
          }
        : null,
  };
}

function toPaymentMethod(method: Stripe.PaymentMethod): GatewayPaymentMethod {
  const card = method.card;
  if (card) {
    const wallet = card.wallet?.type ?? null;
    return {
      id: method.id,
      type: wallet ? 'wallet' : 'card',
      brand: card.brand,
      last4: card.last4,
      expMonth: card.exp_month,
      expYear: card.exp_year,
      wallet,
      bankName: null,
    };
  }
  const bank = method.us_bank_account ?? method.sepa_debit ?? null;
  return {
    id: method.id,
    type: bank ? 'bank_account' : 'wallet',
    brand: null,
    last4: bank?.last4 ?? null,
    expMonth: null,
    expYear: null,
    wallet: bank ? null : method.type,
    bankName: method.us_bank_account?.bank_name ?? method.sepa_debit?.bank_code ?? null,
  };
}
