import type { StubbedResponse } from './stripe-fixture-server';

type StripeObject = Record<string, unknown>;

export interface DisputeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: Record<string, string>;
  idempotencyKey: string | undefined;
}

const missing = (id: string): StubbedResponse => ({
  status: 404,
  body: {
    error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such dispute: '${id}'` },
  },
});

/**
 * Stripe's disputes, statefully, from its published `dispute` fixture: a test opens one on a
 * payment intent as a cardholder's bank would (the object its `charge.dispute.*` webhooks carry),
 * the API updates it with evidence (`submit` moves it under review, as Stripe does) and a test
 * closes it as the card network decides. Updates replay the first answer for a repeated
 * Idempotency-Key, as Stripe does.
 */
export class StripeDisputeFixtures {
  readonly disputes = new Map<string, StripeObject>();
  private readonly replays = new Map<string, StubbedResponse>();
  private sequence = 0;

  constructor(private readonly fixture: (resource: string) => StripeObject) {}

  handles(path: string): boolean {
    return /^\/v1\/disputes(\/[^/]+)?$/.test(path);
  }

  /** A dispute on `paymentIntent`: a chargeback (needs_response) unless another status is given. */
  open(input: {
    paymentIntent: string;
    amount: number;
    currency: string;
    reason?: string;
    status?: string;
    /** Unix seconds; now by default. */
    created?: number;
  }): StripeObject {
    this.sequence += 1;
    const dispute = this.fixture('dispute');
    const created = input.created ?? Math.floor(Date.now() / 1000);
    Object.assign(dispute, {
      id: `dp_fixture${String(this.sequence).padStart(6, '0')}`,
      payment_intent: input.paymentIntent,
      charge: `ch_for_${input.paymentIntent}`,
      amount: input.amount,
      currency: input.currency.toLowerCase(),
      reason: input.reason ?? 'general',
      status: input.status ?? 'needs_response',
      created,
    });
    (dispute.evidence_details as StripeObject).due_by = created + 7 * 86_400;
    this.disputes.set(dispute.id as string, dispute);
    return structuredClone(dispute);
  }

  /** The card network decided (or Stripe moved it): the object the next webhook carries. */
  move(id: string, status: string): StripeObject {
    const dispute = this.disputes.get(id);
    if (!dispute) throw new Error(`no fixture dispute ${id}`);
    dispute.status = status;
    return structuredClone(dispute);
  }

  handle(r: DisputeRequest): StubbedResponse {
    const replayKey = r.idempotencyKey && `${r.method} ${r.path} ${r.idempotencyKey}`;
    if (r.method === 'POST' && replayKey && this.replays.has(replayKey))
      return structuredClone(this.replays.get(replayKey)!);
    const response = this.route(r);
    if (r.method === 'POST' && replayKey && response.status < 500)
      this.replays.set(replayKey, structuredClone(response));
    return response;
  }

  private route(r: DisputeRequest): StubbedResponse {
    if (r.method === 'GET' && r.path === '/v1/disputes') {
      const intent = r.query.get('payment_intent');
      const data = [...this.disputes.values()].filter((d) => !intent || d.payment_intent === intent);
      return { status: 200, body: { object: 'list', has_more: false, url: '/v1/disputes', data } };
    }
    const id = r.path.split('/')[3];
    const dispute = this.disputes.get(id);
    if (!dispute) return missing(id);
    if (r.method === 'GET') return { status: 200, body: structuredClone(dispute) };
    if (!['needs_response', 'warning_needs_response'].includes(dispute.status as string))
      return {
        status: 400,
        body: {
          error: {
            type: 'invalid_request_error',
            message: `This dispute is ${dispute.status as string}: its evidence can no longer be changed.`,
          },
        },
      };
    const evidence = dispute.evidence as StripeObject;
    for (const [key, value] of Object.entries(r.form)) {
      const field = /^evidence\[([a-z_]+)\]$/.exec(key)?.[1];
      if (field) evidence[field] = value;
    }
    if (r.form.submit !== 'false') {
      const details = dispute.evidence_details as StripeObject;
      details.submission_count = (details.submission_count as number) + 1;
      details.has_evidence = true;
      dispute.status = dispute.status === 'needs_response' ? 'under_review' : 'warning_under_review';
    }
    return { status: 200, body: structuredClone(dispute) };
  }
}
