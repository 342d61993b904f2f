import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { GatewayDispute } from './payment-gateway';
import { GatewayRequestError } from './payment-gateway';
import type { SandboxIntent } from './sandbox-objects';
import type { SandboxStore } from './sandbox-store';

/** The sandbox's dispute, shaped like Stripe's (the fields we use). */
interface SandboxDispute {
  id: string;
  payment_intent: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  evidence: { uncategorized_text: string | null };
  evidence_details: { due_by: number; submission_count: number };
  created: number;
}

/** Stripe's test-mode evidence values: the dispute closes won or lost at once. */
const WINNING_EVIDENCE = 'winning_evidence';
const LOSING_EVIDENCE = 'losing_evidence';
const EVIDENCE_WINDOW_SECONDS = 7 * 86_400;

const newId = () => `dp_sb_${randomBytes(12).toString('hex')}`;

/**
 * Disputes as Stripe's test mode plays them: the payer disputes a captured charge (a chargeback,
 * or an inquiry that takes no money), evidence moves it under review, and the test values
 * `winning_evidence` / `losing_evidence` close it won or lost at once. One dispute per charge.
 */
export class SandboxDisputes {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: SandboxStore,
  ) {}

  open(
    gatewayIntentId: string,
    input: { reason: string; inquiry: boolean; now: Date },
  ): Promise<GatewayDispute> {
    return this.dataSource.transaction(async (m) => {
      const intent = await this.store.load<SandboxIntent & { dispute?: string }>(
        m,
        'payment_intent',
        gatewayIntentId,
        true,
      );
      if (!intent)
        throw new GatewayRequestError('resource_missing', `No such payment_intent: '${gatewayIntentId}'`);
      const disputable = intent.amount_received - intent.amount_refunded;
      if (intent.status !== 'succeeded' || disputable <= 0)
        throw new GatewayRequestError(
          'charge_not_disputable',
          'Only a captured, unrefunded charge can be disputed',
        );
      if (intent.dispute)
        throw new GatewayRequestError(
          'charge_already_disputed',
          `This charge is already disputed (${intent.dispute})`,
        );
      const created = Math.floor(input.now.getTime() / 1000);
      const dispute: SandboxDispute = {
        id: newId(),
        payment_intent: intent.id,
        amount: disputable,
        currency: intent.currency,
        reason: input.reason,
        status: input.inquiry ? 'warning_needs_response' : 'needs_response',
        evidence: { uncategorized_text: null },
        evidence_details: { due_by: created + EVIDENCE_WINDOW_SECONDS, submission_count: 0 },
        created,
      };
      await this.store.save(m, 'dispute', dispute.id, dispute);
      await this.store.save(m, 'payment_intent', intent.id, { ...intent, dispute: dispute.id });
      return toGatewayDispute(dispute);
    });
  }

  async retrieve(id: string): Promise<GatewayDispute> {
    const dispute = await this.store.load<SandboxDispute>(this.dataSource.manager, 'dispute', id);
    if (!dispute) throw new GatewayRequestError('resource_missing', `No such dispute: '${id}'`);
    return toGatewayDispute(dispute);
  }

  async submitEvidence(
    id: string,
    input: { text: string; submit: boolean; idempotencyKey: string },
  ): Promise<GatewayDispute> {
    // The stored answer is the raw object (JSON): dates are made from it on every replay.
    const answer = await this.store.idempotent(
      input.idempotencyKey,
      'disputes.update',
      { id, ...input },
      async (m) => {
        const dispute = await this.store.load<SandboxDispute>(m, 'dispute', id, true);
        if (!dispute) throw new GatewayRequestError('resource_missing', `No such dispute: '${id}'`);
        if (dispute.status !== 'needs_response' && dispute.status !== 'warning_needs_response')
          throw new GatewayRequestError(
            'dispute_already_submitted',
            `This dispute is ${dispute.status}: its evidence can no longer be changed`,
          );
        dispute.evidence.uncategorized_text = input.text;
        if (input.submit) {
          dispute.evidence_details.submission_count += 1;
          const text = input.text.trim();
          if (text === WINNING_EVIDENCE) dispute.status = 'won';
          else if (text === LOSING_EVIDENCE) dispute.status = 'lost';
          else dispute.status = dispute.status === 'needs_response' ? 'under_review' : 'warning_under_review';
        }
        await this.store.save(m, 'dispute', dispute.id, dispute);
        return dispute;
      },
    );
    return toGatewayDispute(answer);
  }
}

function toGatewayDispute(dispute: SandboxDispute): GatewayDispute {
  return {
    id: dispute.id,
    paymentIntentId: dispute.payment_intent,
    chargeId: null,
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason,
    status: dispute.status,
    evidenceDueBy: new Date(dispute.evidence_details.due_by * 1000),
    createdAt: new Date(dispute.created * 1000),
  };
}
