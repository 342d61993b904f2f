import type Stripe from 'stripe';
import type {
  CreateIntentInput,
  CreateTransferInput,
  GatewayAccount,
  GatewayDispute,
  GatewayIntent,
  GatewayIntentAudit,
  GatewayLink,
  GatewayPaymentMethod,
  GatewayRefund,
  GatewayTransfer,
  GatewayTransferReversal,
} from './payment-gateway';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './payment-gateway';
import { toGatewayDispute, toIntentAudit } from './stripe-dispute-objects';
import { toGatewayAccount, toGatewayIntent, toGatewayTransfer, toPaymentMethod } from './stripe-objects';

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

  capturePaymentIntent(
    id: string,
    input: { idempotencyKey: string; amountToCapture?: number },
  ): Promise<GatewayIntent> {
    const params = input.amountToCapture === undefined ? {} : { amount_to_capture: input.amountToCapture };
    return this.intentCall(
      () => this.stripe.paymentIntents.capture(id, params, { idempotencyKey: input.idempotencyKey }),
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

  async retrieveDispute(id: string): Promise<GatewayDispute> {
    return toGatewayDispute(await this.call(() => this.stripe.disputes.retrieve(id)));
  }

  async submitDisputeEvidence(
    id: string,
    input: { text: string; submit: boolean; idempotencyKey: string },
  ): Promise<GatewayDispute> {
    const dispute = await this.call(() =>
      this.stripe.disputes.update(
        id,
        { evidence: { uncategorized_text: input.text }, submit: input.submit },
        { idempotencyKey: input.idempotencyKey },
      ),
    );
    return toGatewayDispute(dispute);
  }

  listTransfers(transferGroup: string): Promise<GatewayTransfer[]> {
    return this.call(async () => {
      const transfers: GatewayTransfer[] = [];
      // A rental has one or two transfers; auto-pagination covers anything more.
      for await (const transfer of this.stripe.transfers.list({ transfer_group: transferGroup, limit: 100 }))
        transfers.push(toGatewayTransfer(transfer));
      return transfers;
    });
  }

  async auditPaymentIntent(id: string): Promise<GatewayIntentAudit> {
    const intent = await this.call(() =>
      this.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] }),
    );
    return toIntentAudit(intent);
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
