import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  keysetTimestamp,
} from '../../../platform/http/keyset-cursor';
import type { DisputeOutcome, DisputeStatus } from '../domain/dispute';
import { MAX_DISPUTE_EVIDENCE, awaitsEvidence, fundsWithdrawn, outcomeOf } from '../domain/dispute';
import { PaymentErrors } from '../domain/payment.errors';
import { DisputeEntity } from '../persistence/dispute.entity';
import { DisputeEvidenceEntity } from '../persistence/dispute-evidence.entity';
import { DisputeStatusChangeEntity } from '../persistence/dispute-status-change.entity';
import { DisputeRecorder } from './dispute-recorder';
import { GatewayRequestError, GatewayUnavailableError, PaymentGateway } from './gateway/payment-gateway';
import { allowSlowGatewayCalls } from './slow-work';

const CURSOR_VERSION = 'disputes1';

export interface DisputeView {
  id: string;
  rentalId: string | null;
  intentId: string;
  leg: string;
  renterId: string;
  ownerId: string | null;
  amount: number;
  currency: string;
  reason: string;
  status: DisputeStatus;
  kind: 'inquiry' | 'chargeback';
  outcome: DisputeOutcome | null;
  evidenceDueBy: Date | null;
  evidenceSubmissions: number;
  ownerDebited: number | null;
  platformDebited: number | null;
  openedAt: Date;
  closedAt: Date | null;
}

export interface DisputeDetailView extends DisputeView {
  history: { status: string; source: string; recordedAt: Date }[];
  evidence: { sequence: number; text: string; submitted: boolean; submittedBy: string; createdAt: Date }[];
  /** The owner's payout of the rental (charge leg), if one is scheduled: is the share still here? */
  payoutStatus: string | null;
}

export interface DisputeListQuery {
  state?: 'open' | 'closed';
  cursor?: string;
  limit: number;
}

/** Disputes as admins work them: the list, one with its history, and the evidence they send. */
@Injectable()
export class AdminDisputesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
    private readonly recorder: DisputeRecorder,
    private readonly audit: AuditTrail,
  ) {}

  /** Newest first; keyset pages on (openedAt, id). */
  async list(query: DisputeListQuery): Promise<{ items: DisputeView[]; nextCursor: string | null }> {
    const position = query.cursor === undefined ? null : decodeKeysetCursor(CURSOR_VERSION, query.cursor);
    if (query.cursor !== undefined && position === null) throw PaymentErrors.invalidCursor();
    const rows: { id: string; at: string }[] = await this.dataSource.query(
      `SELECT id, ${keysetTimestamp('opened_at')} AS at FROM payment.disputes
       WHERE ($1::text IS NULL OR (closed_at IS NULL) = ($1 = 'open'))
         AND ($2::timestamptz IS NULL OR (opened_at, id) < ($2::timestamptz, $3::uuid))
       ORDER BY opened_at DESC, id DESC LIMIT $4`,
      [query.state ?? null, position?.at ?? null, position?.id ?? null, query.limit + 1],
    );
    const page = rows.slice(0, query.limit);
    const entities = page.length
      ? await this.dataSource.getRepository(DisputeEntity).findBy(page.map((r) => ({ id: r.id })))
      : [];
    const byId = new Map(entities.map((e) => [e.id, e]));
    const last = page.at(-1);
    return {
      items: page.map((r) => toView(byId.get(r.id)!)),
      nextCursor:
        rows.length > query.limit && last
          ? encodeKeysetCursor(CURSOR_VERSION, { at: last.at, id: last.id })
          : null,
    };
  }

  detail(disputeId: string, manager: EntityManager = this.dataSource.manager): Promise<DisputeDetailView> {
    return this.detailOf(manager, disputeId);
  }

  /**
   * Sends the platform's written evidence to the card network through the gateway (`submit` false
   * stages it there instead), while the dispute waits for a response. The dispute's row is locked
   * for the call, so two admins cannot answer twice; the call's key is derived from the dispute and
   * the submission's number, so a retry after a lost answer is not sent twice. The gateway's answer
   * (under review, or closed in Stripe's test mode) is recorded as a webhook would be, and the
   * action is audited, all in one transaction.
   */
  async submitEvidence(
    admin: AuthUser,
    disputeId: string,
    input: { text: string; submit: boolean },
  ): Promise<DisputeDetailView> {
    if (input.text.trim() === '') throw PaymentErrors.evidenceBlank();
    return this.dataSource.transaction(async (manager) => {
      await allowSlowGatewayCalls(manager);
      const [known] = await manager.query(
        'SELECT gateway_dispute_id, intent_id, leg, rental_id FROM payment.disputes WHERE id = $1',
        [disputeId],
      );
      if (!known) throw PaymentErrors.disputeNotFound();
      // The recorder's lock order: the rental's payouts, the intent, the dispute.
      const locked = await this.recorder.lockFor(
        manager,
        { intentId: known.intent_id, leg: known.leg, rentalId: known.rental_id },
        known.gateway_dispute_id,
      );
      const dispute = locked!.existing!;
      if (!awaitsEvidence(dispute.status)) throw PaymentErrors.disputeNotAwaitingEvidence(dispute.status);
      if (dispute.evidenceSubmissions >= MAX_DISPUTE_EVIDENCE) {
        throw PaymentErrors.disputeEvidenceLimit(MAX_DISPUTE_EVIDENCE);
      }
      const sequence = dispute.evidenceSubmissions + 1;
      let observed;
      try {
        observed = await this.gateway.submitDisputeEvidence(dispute.gatewayDisputeId, {
          text: input.text,
          submit: input.submit,
          idempotencyKey: `dispute-${dispute.id}-evidence-${sequence}`,
        });
      } catch (error) {
        if (error instanceof GatewayUnavailableError) throw PaymentErrors.gatewayUnavailable(error.message);
        if (error instanceof GatewayRequestError) throw PaymentErrors.gatewayRefused(error.message);
        throw error;
      }
      await manager.getRepository(DisputeEvidenceEntity).insert({
        id: randomUUID(),
        disputeId,
        sequence,
        text: input.text,
        submitted: input.submit,
        submittedBy: admin.id,
      });
      await manager.query('UPDATE payment.disputes SET evidence_submissions = $2 WHERE id = $1', [
        disputeId,
        sequence,
      ]);
      await this.recorder.apply(manager, observed, { via: 'gateway', actorId: admin.id });
      const after = await this.detailOf(manager, disputeId);
      await this.audit.record(manager, {
        actor: admin,
        action: input.submit ? 'payment.dispute_evidence_submitted' : 'payment.dispute_evidence_staged',
        target: { type: 'dispute', id: disputeId },
        details: { sequence, characters: input.text.length, status: after.status },
      });
      return after;
    });
  }

  private async detailOf(manager: EntityManager, disputeId: string): Promise<DisputeDetailView> {
    const dispute = await manager.getRepository(DisputeEntity).findOneBy({ id: disputeId });
    if (!dispute) throw PaymentErrors.disputeNotFound();
    const history = await manager
      .getRepository(DisputeStatusChangeEntity)
      .find({ where: { disputeId }, order: { recordedAt: 'ASC' } });
    const evidence = await manager
      .getRepository(DisputeEvidenceEntity)
      .find({ where: { disputeId }, order: { sequence: 'ASC' } });
    const [payout] = dispute.rentalId
      ? await manager.query(`SELECT status FROM payment.payouts WHERE rental_id = $1 AND leg = 'charge'`, [
          dispute.rentalId,
        ])
      : [];
    return {
      ...toView(dispute),
      history: history.map((h) => ({ status: h.status, source: h.source, recordedAt: h.recordedAt })),
      evidence: evidence.map((e) => ({
        sequence: e.sequence,
        text: e.text,
        submitted: e.submitted,
        submittedBy: e.submittedBy,
        createdAt: e.createdAt,
      })),
      payoutStatus: payout?.status ?? null,
    };
  }
}

export function toView(d: DisputeEntity): DisputeView {
  return {
    id: d.id,
    rentalId: d.rentalId,
    intentId: d.intentId,
    leg: d.leg,
    renterId: d.payerId,
    ownerId: d.payeeId,
    amount: d.amount,
    currency: d.currency,
    reason: d.reason,
    status: d.status,
    kind: fundsWithdrawn(d.status) ? 'chargeback' : 'inquiry',
    outcome: outcomeOf(d.status),
    evidenceDueBy: d.evidenceDueBy,
    evidenceSubmissions: d.evidenceSubmissions,
    ownerDebited: d.ownerDebited,
    platformDebited: d.platformDebited,
    openedAt: d.openedAt,
    closedAt: d.closedAt,
  };
}
