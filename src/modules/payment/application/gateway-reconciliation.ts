import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LegKind } from '../domain/payment-intent';
import type { Drift } from '../domain/reconciliation';
import { compareDrift, disputeDrift, legDrift, transferDrift } from '../domain/reconciliation';
import type { ReconciliationSubjectType } from '../persistence/reconciliation-subject.entity';
import type { GatewayDispute, GatewayIntentAudit } from './gateway/payment-gateway';
import { GatewayRequestError, PaymentGateway } from './gateway/payment-gateway';

const DAY_MS = 86_400_000;
/** Subjects that changed this recently are compared: money work older than that has long settled. */
const LOOKBACK_DAYS = 30;
/** Work this recent may still be on its way (a webhook in flight): compared on a later run. */
const SETTLING_MS = 15 * 60_000;

interface Subject {
  type: ReconciliationSubjectType;
  id: string;
  rentalId: string | null;
}

/**
 * Compares what we recorded with what the gateway holds, a bounded batch of each kind per run,
 * least recently checked first: each payment intent's legs (status, captured, refunded) and their
 * ledger balances, each rental's transfers (by transfer_group) against its payouts and ledger, each
 * dispute. Drift goes to payment.reconciliation_subjects (the `payment_reconciliation_drift` gauge
 * reads it) and to a structured log line when it appears or clears. Nothing is changed to make the
 * two agree: which side is wrong is for an operator to find (README, Reconciliation).
 */
@Injectable()
export class GatewayReconciliation {
  private readonly logger = new Logger('PaymentReconciliation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly gateway: PaymentGateway,
  ) {}

  /** One round at `now`; how many subjects were checked and how many disagree. */
  async run(now: Date, limit = 100): Promise<{ checked: number; drifting: number }> {
    const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
    const settled = new Date(now.getTime() - SETTLING_MS);
    const subjects = [
      ...(await this.subjects(
        'intent',
        `SELECT i.id, i.rental_id FROM payment.payment_intents i
         WHERE i.updated_at BETWEEN $1 AND $2 AND NOT i.needs_reconcile
           AND (i.lease_until IS NULL OR i.lease_until < now())
           AND EXISTS (SELECT 1 FROM payment.payment_legs l WHERE l.intent_id = i.id AND l.gateway_intent_id IS NOT NULL)`,
        [since, settled, limit],
      )),
      ...(await this.subjects(
        'rental_transfers',
        `SELECT p.rental_id AS id, p.rental_id FROM payment.payouts p
         GROUP BY p.rental_id
         HAVING max(p.updated_at) BETWEEN $1 AND $2 AND bool_and(p.status <> 'transferring')`,
        [since, settled, limit],
      )),
      ...(await this.subjects(
        'dispute',
        `SELECT d.id, d.rental_id FROM payment.disputes d
         WHERE (d.closed_at IS NULL OR d.updated_at >= $1) AND d.updated_at <= $2`,
        [since, settled, limit],
      )),
    ];
    let drifting = 0;
    for (const subject of subjects) {
      let drifts: Drift[] | null;
      try {
        drifts = await this.check(subject);
      } catch (error) {
        this.logger.warn(
          `reconciliation stopped at ${subject.type} ${subject.id}: ${error instanceof Error ? error.message : error}`,
        );
        break; // the gateway is unavailable: the rest waits for the next run
      }
      if (drifts === null) continue;
      await this.record(subject, drifts, now);
      if (drifts.length > 0) drifting += 1;
    }
    return { checked: subjects.length, drifting };
  }

  /** Least recently checked first (never checked before anything), at most `limit`. */
  private async subjects(
    type: ReconciliationSubjectType,
    sql: string,
    params: unknown[],
  ): Promise<Subject[]> {
    const rows: { id: string; rental_id: string | null }[] = await this.dataSource.query(
      `SELECT c.id, c.rental_id FROM (${sql}) c
       LEFT JOIN payment.reconciliation_subjects s ON s.subject_type = '${type}' AND s.subject_id = c.id
       ORDER BY s.checked_at NULLS FIRST, c.id LIMIT $3`,
      params,
    );
    return rows.map((r) => ({ type, id: r.id, rentalId: r.rental_id }));
  }

  /** The subject's drift, or null when it cannot be compared now. */
  private check(subject: Subject): Promise<Drift[] | null> {
    switch (subject.type) {
      case 'intent':
        return this.checkIntent(subject.id);
      case 'rental_transfers':
        return this.checkTransfers(subject.id);
      case 'dispute':
        return this.checkDispute(subject.id);
    }
  }

  private async checkIntent(intentId: string): Promise<Drift[]> {
    const legs: {
      kind: LegKind;
      amount: number;
      gateway_intent_id: string;
      gateway_status: string;
      amount_captured: number;
      amount_refunded: number;
      held: number;
      captured: number;
      refunded: number;
    }[] = await this.dataSource.query(
      `SELECT l.kind, l.amount, l.gateway_intent_id, l.gateway_status, l.amount_captured, l.amount_refunded,
         coalesce(sum(e.amount) FILTER (WHERE e.account IN ('held_charge', 'held_deposit')), 0)::int AS held,
         coalesce(sum(e.amount) FILTER (WHERE e.journal_type = 'capture'
           AND e.account IN ('owner_payable', 'platform_fee', 'subscription_revenue')), 0)::int AS captured,
         coalesce(sum(e.amount) FILTER (WHERE e.journal_type = 'refund' AND e.account = 'payer_funds'), 0)::int AS refunded
       FROM payment.payment_legs l
       LEFT JOIN payment.ledger_entries e ON e.intent_id = l.intent_id AND e.leg = l.kind
       WHERE l.intent_id = $1 AND l.gateway_intent_id IS NOT NULL
       GROUP BY l.id`,
      [intentId],
    );
    const drifts: Drift[] = [];
    for (const leg of legs) {
      const theirs = await this.orNull(() => this.gateway.auditPaymentIntent(leg.gateway_intent_id));
      drifts.push(
        ...legDrift(
          {
            kind: leg.kind,
            amount: leg.amount,
            gatewayStatus: leg.gateway_status as GatewayIntentAudit['status'],
            amountCaptured: leg.amount_captured,
            amountRefunded: leg.amount_refunded,
            ledgerHeld: leg.held,
            ledgerCaptured: leg.captured,
            ledgerRefunded: leg.refunded,
          },
          theirs,
        ),
      );
    }
    return drifts;
  }

  private async checkTransfers(rentalId: string): Promise<Drift[]> {
    const payouts: { gateway_transfer_id: string | null }[] = await this.dataSource.query(
      'SELECT gateway_transfer_id FROM payment.payouts WHERE rental_id = $1',
      [rentalId],
    );
    const [{ transferred }] = await this.dataSource.query(
      `SELECT coalesce(sum(amount), 0)::int AS transferred FROM payment.ledger_entries
       WHERE rental_id = $1 AND account IN ('owner_transferred', 'owner_paid_out')`,
      [rentalId],
    );
    const theirs = await this.gateway.listTransfers(`rental-${rentalId}`);
    return transferDrift(
      {
        transferIds: payouts.map((p) => p.gateway_transfer_id).filter((id): id is string => id !== null),
        ledgerTransferred: transferred,
      },
      theirs,
    );
  }

  private async checkDispute(disputeId: string): Promise<Drift[]> {
    const [ours] = await this.dataSource.query(
      'SELECT gateway_dispute_id, status, amount FROM payment.disputes WHERE id = $1',
      [disputeId],
    );
    const theirs: GatewayDispute | null = await this.orNull(() =>
      this.gateway.retrieveDispute(ours.gateway_dispute_id),
    );
    return disputeDrift({ status: ours.status, amount: ours.amount }, theirs);
  }

  /** The gateway's object, or null when it says there is no such object. */
  private async orNull<T>(work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof GatewayRequestError && error.code === 'resource_missing') return null;
      throw error;
    }
  }

  /** Stores the subject's drift, logging what appeared and what cleared since its last check. */
  private async record(subject: Subject, drifts: Drift[], now: Date): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [previous] = await manager.query(
        `SELECT drifts, drifting_since FROM payment.reconciliation_subjects
         WHERE subject_type = $1 AND subject_id = $2 FOR UPDATE`,
        [subject.type, subject.id],
      );
      const { appeared, resolved } = compareDrift(previous?.drifts ?? [], drifts);
      const since = drifts.length === 0 ? null : (previous?.drifting_since ?? now);
      await manager.query(
        `INSERT INTO payment.reconciliation_subjects (subject_type, subject_id, rental_id, checked_at, drifts, drifting_since)
         VALUES ($1, $2, $3, $4, $5::jsonb, $6)
         ON CONFLICT (subject_type, subject_id) DO UPDATE
         SET checked_at = EXCLUDED.checked_at, drifts = EXCLUDED.drifts, drifting_since = EXCLUDED.drifting_since`,
        [subject.type, subject.id, subject.rentalId, now, JSON.stringify(drifts), since],
      );
      const fields = { subjectType: subject.type, subjectId: subject.id, rentalId: subject.rentalId };
      for (const drift of appeared)
        this.logger.warn({
          msg: 'payment reconciliation drift',
          event: 'payment.reconciliation.drift',
          ...fields,
          ...drift,
        });
      for (const drift of resolved)
        this.logger.log({
          msg: 'payment reconciliation drift resolved',
          event: 'payment.reconciliation.resolved',
          ...fields,
          ...drift,
        });
    });
  }
}
