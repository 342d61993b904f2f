import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import type { RenewalPolicy } from '../domain/deposit-renewal';
import { holdExpiresAt, RENEWAL_MAX_ATTEMPTS } from '../domain/deposit-renewal';
import { PaymentSettings } from './payment-settings';

/**
 * When a deposit's current hold was placed: by its last renewal (the job's clock), else by the
 * authorization the ledger recorded for that gateway intent.
 */
const HELD_SINCE = `coalesce(
  (SELECT max(r.authorized_at) FROM payment.deposit_renewals r
   WHERE r.leg_id = l.id AND r.gateway_intent_id = l.gateway_intent_id AND r.status IN ('authorized', 'completed')),
  (SELECT min(e.created_at) FROM payment.ledger_entries e
   WHERE e.journal_key = l.gateway_intent_id || ':authorized' AND e.account = 'held_deposit'))`;

export interface CurrentHold {
  heldSince: Date;
  /** Completed renewals of this deposit. */
  renewals: number;
  /** Refused attempts to replace the current hold, and the last one's time. */
  failedAttempts: number;
  lastAttemptAt: Date | null;
}

/** What both parties see of a deposit hold while the rental runs (GET /payment/payment-intents). */
export interface DepositHoldView {
  heldSince: Date;
  expiresAt: Date;
  renewals: number;
  renewalFailure: {
    attempts: number;
    lastAttemptAt: Date;
    willRetry: boolean;
    error: { code: string; message: string };
  } | null;
}

/** Deposit holds and their renewals, as the renewal job and the intent's view read them. */
@Injectable()
export class DepositHolds {
  /** Deposit legs holding money for a rental that still needs it, with when the hold was placed. */
  static readonly HELD_SQL = `SELECT l.id AS leg_id, l.intent_id, l.gateway_intent_id, ${HELD_SINCE} AS held_since
    FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id
    WHERE l.kind = 'deposit' AND l.gateway_status = 'requires_capture'
      AND (i.stage IN ('requested', 'accepted', 'active', 'returned') OR i.deposit_claim_pending)`;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: PaymentSettings,
  ) {}

  private get policy(): RenewalPolicy {
    return {
      validityDays: this.settings.AUTHORIZATION_VALIDITY_DAYS,
      leadHours: this.settings.DEPOSIT_RENEWAL_LEAD_HOURS,
    };
  }

  async current(manager: EntityManager, legId: string, gatewayIntentId: string): Promise<CurrentHold | null> {
    const [row] = await manager.query(
      `SELECT ${HELD_SINCE} AS held_since,
         (SELECT count(*) FROM payment.deposit_renewals r WHERE r.leg_id = l.id AND r.status = 'completed')::int AS renewals,
         (SELECT count(*) FROM payment.deposit_renewals r
          WHERE r.leg_id = l.id AND r.replaces_gateway_intent_id = $2 AND r.status = 'failed')::int AS failed,
         (SELECT max(r.requested_at) FROM payment.deposit_renewals r
          WHERE r.leg_id = l.id AND r.replaces_gateway_intent_id = $2 AND r.status = 'failed') AS last_attempt_at
       FROM payment.payment_legs l WHERE l.id = $1`,
      [legId, gatewayIntentId],
    );
    if (!row?.held_since) return null;
    return {
      heldSince: row.held_since,
      renewals: row.renewals,
      failedAttempts: row.failed,
      lastAttemptAt: row.last_attempt_at,
    };
  }

  /**
   * The deposit hold of each rental intent whose deposit should be held now: while it is held, and
   * after a renewal failed (even once the old hold lapsed), so a failure is never silent.
   */
  async viewsOf(intentIds: string[]): Promise<Map<string, DepositHoldView>> {
    if (intentIds.length === 0) return new Map();
    const rows: {
      intent_id: string;
      held_since: Date | null;
      renewals: number;
      failed: number;
      error_code: string | null;
      error_message: string | null;
      last_attempt_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT l.intent_id, ${HELD_SINCE} AS held_since,
         (SELECT count(*) FROM payment.deposit_renewals r WHERE r.leg_id = l.id AND r.status = 'completed')::int AS renewals,
         (SELECT count(*) FROM payment.deposit_renewals r
          WHERE r.leg_id = l.id AND r.replaces_gateway_intent_id = l.gateway_intent_id AND r.status = 'failed')::int AS failed,
         f.error_code, f.error_message, f.requested_at AS last_attempt_at
       FROM payment.payment_legs l JOIN payment.payment_intents i ON i.id = l.intent_id
       LEFT JOIN LATERAL (
         SELECT r.error_code, r.error_message, r.requested_at FROM payment.deposit_renewals r
         WHERE r.leg_id = l.id AND r.replaces_gateway_intent_id = l.gateway_intent_id AND r.status = 'failed'
         ORDER BY r.attempt DESC LIMIT 1) f ON true
       WHERE l.intent_id = ANY($1::uuid[]) AND l.kind = 'deposit' AND (i.stage IN ('requested', 'accepted', 'active', 'returned') OR i.deposit_claim_pending)
         AND (l.gateway_status = 'requires_capture' OR f.error_code IS NOT NULL)`,
      [intentIds],
    );
    const views = new Map<string, DepositHoldView>();
    for (const row of rows) {
      if (!row.held_since) continue;
      views.set(row.intent_id, {
        heldSince: row.held_since,
        expiresAt: holdExpiresAt(row.held_since, this.policy),
        renewals: row.renewals,
        renewalFailure:
          row.error_code && row.last_attempt_at
            ? {
                attempts: row.failed,
                lastAttemptAt: row.last_attempt_at,
                willRetry: row.failed < RENEWAL_MAX_ATTEMPTS,
                error: { code: row.error_code, message: row.error_message ?? '' },
              }
            : null,
      });
    }
    return views;
  }
}
