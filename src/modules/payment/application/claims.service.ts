import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { Outbox } from '../../../platform/events/outbox';
import { RentalApi } from '../../rental';
import type { ClaimEventPayload } from '../contracts/claim.events';
import {
  ClaimAccepted,
  ClaimDisputed,
  ClaimFiled,
  ClaimResolved,
  ClaimWithdrawn,
} from '../contracts/claim.events';
import type { ClaimAction, ClaimRole, ClaimStatus } from '../domain/claim';
import { captureOf, checkFiling, ClaimErrors, isClaimPending, transition } from '../domain/claim';
import { PaymentErrors } from '../domain/payment.errors';
import { ClaimEntity } from '../persistence/claim.entity';
import { ClaimStatusChangeEntity } from '../persistence/claim-status-change.entity';
import { uniqueViolation } from '../persistence/unique-violation';
import type { ClaimDetailView } from './claim-views';
import { claimDetail } from './claim-views';
import { IntentReconciler } from './intent-reconciler';
import { IntentRecorder, SCHEMA } from './intent-recorder';
import { PaymentSettings } from './payment-settings';
import { PayoutHolds } from './payout-holds';

const HOUR_MS = 3_600_000;
const EVENTS = {
  open: ClaimFiled,
  accepted: ClaimAccepted,
  disputed: ClaimDisputed,
  resolved: ClaimResolved,
  withdrawn: ClaimWithdrawn,
} as const;

export interface FileClaimInput {
  amount: number;
  currency: string;
  description: string;
  photos: string[];
}

/**
 * Damage claims against a rental's deposit (domain/claim.ts). Each transition is one transaction
 * taking the locks in the order the disputes code uses — the rental's payouts, then the intent,
 * then the claim — so a claim, a dispute, a payout release and the reconciler never deadlock and
 * never interleave: 20 racing answers to one claim see it one at a time and one wins.
 * The transaction writes the claim, its history row, the intent's view of it (what its deposit
 * waits for), the payout hold, the event and (for admins) the audit entry together; the money then
 * moves through the intent's reconciler, outside any transaction, with keys derived from the claim.
 */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RentalApi) private readonly rentals: RentalApi,
    private readonly recorder: IntentRecorder,
    private readonly reconciler: IntentReconciler,
    private readonly holds: PayoutHolds,
    private readonly outbox: Outbox,
    private readonly audit: AuditTrail,
    private readonly settings: PaymentSettings,
  ) {}

  /** The owner files the rental's one claim while it is returned (the inspection window). */
  async file(user: AuthUser, rentalId: string, input: FileClaimInput): Promise<ClaimDetailView> {
    const rental = await this.rentals.findRental(rentalId);
    if (!rental || (rental.ownerId !== user.id && rental.renterId !== user.id))
      throw PaymentErrors.rentalNotFound();
    if (rental.ownerId !== user.id) throw ClaimErrors.onlyOwnerFiles();
    if (rental.status !== 'returned') throw ClaimErrors.windowClosed(rental.status);
    const claimId = randomUUID();
    try {
      await this.dataSource.transaction(async (manager) => {
        await this.holds.place(manager, { rentalId, reason: 'claim', reference: claimId });
        const [intentRow] = await manager.query(
          `SELECT id FROM payment.payment_intents WHERE rental_id = $1 AND purpose = 'rental'`,
          [rentalId],
        );
        const locked = intentRow ? await this.recorder.lock(manager, intentRow.id) : null;
        if (!locked) throw ClaimErrors.noDepositHeld();
        const existing = await manager.getRepository(ClaimEntity).findOneBy({ rentalId });
        if (existing) throw ClaimErrors.alreadyFiled(existing.id);
        // Payment's own record of the lifecycle: a completion already seen here closes the window.
        if (!['active', 'returned'].includes(locked.intent.stage))
          throw ClaimErrors.windowClosed(locked.intent.stage);
        const deposit = locked.legs.find((l) => l.kind === 'deposit');
        if (!deposit || deposit.amount <= 0 || deposit.gatewayStatus !== 'requires_capture')
          throw ClaimErrors.noDepositHeld();
        checkFiling({
          amount: input.amount,
          currency: input.currency,
          depositHeld: deposit.amount,
          depositCurrency: locked.intent.currency,
        });
        const now = new Date();
        const claim = await manager.getRepository(ClaimEntity).save({
          id: claimId,
          rentalId,
          productId: rental.productId,
          intentId: locked.intent.id,
          ownerId: rental.ownerId,
          renterId: rental.renterId,
          amount: input.amount,
          currency: input.currency,
          description: input.description,
          photos: input.photos,
          status: 'open' as ClaimStatus,
          awarded: null,
          filedAt: now,
          settledAt: null,
        });
        await this.recorder.settle(manager, locked, { depositClaimId: claimId, depositClaimPending: true });
        await this.history(manager, claim, {
          actorId: user.id,
          actorRole: 'owner',
          amount: null,
          note: null,
        });
        await this.publish(manager, claim, user.id, 'owner');
      });
    } catch (error) {
      if (uniqueViolation(error) === 'uq_claims_rental') {
        const winner = await this.dataSource.getRepository(ClaimEntity).findOneBy({ rentalId });
        throw ClaimErrors.alreadyFiled(winner?.id ?? '');
      }
      throw error;
    }
    return claimDetail(this.dataSource.manager, claimId);
  }

  /** Parties and admins read it; anyone else gets a 404. */
  async read(user: AuthUser, claimId: string): Promise<ClaimDetailView> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id: claimId });
    if (!claim || !(user.role === 'admin' || this.roleOf(user, claim) !== null)) throw ClaimErrors.notFound();
    return claimDetail(this.dataSource.manager, claimId);
  }

  /** The renter accepts or disputes, the owner withdraws. */
  answer(user: AuthUser, claimId: string, action: Exclude<ClaimAction, 'resolve'>, note: string | null) {
    return this.move(user, claimId, action, { note, awarded: null, asAdmin: false });
  }

  /** An admin settles a disputed claim: `awarded` (0..claim) is captured, the rest released. */
  resolve(admin: AuthUser, claimId: string, awarded: number, note: string) {
    return this.move(admin, claimId, 'resolve', { note, awarded, asAdmin: true });
  }

  private async move(
    user: AuthUser,
    claimId: string,
    action: ClaimAction,
    opts: { note: string | null; awarded: number | null; asAdmin: boolean },
  ): Promise<ClaimDetailView> {
    const found = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id: claimId });
    const party = found ? this.roleOf(user, found) : null;
    if (!found || (!opts.asAdmin && party === null)) throw ClaimErrors.notFound();
    if (opts.asAdmin && party !== null) throw ClaimErrors.cannotDecideOwn();
    const role: ClaimRole = opts.asAdmin ? 'admin' : party!;
    const moved = await this.dataSource.transaction(async (manager) => {
      // Lock order: the rental's payouts, the intent, the claim.
      await manager.query('SELECT id FROM payment.payouts WHERE rental_id = $1 ORDER BY leg FOR UPDATE', [
        found.rentalId,
      ]);
      const locked = await this.recorder.lock(manager, found.intentId);
      const claim = await manager
        .getRepository(ClaimEntity)
        .findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!locked || !claim) throw ClaimErrors.notFound();
      const to = transition(claim.status, action, role);
      const capture = captureOf(to, claim.amount, opts.awarded);
      Object.assign(claim, {
        status: to,
        awarded: capture,
        settledAt: isClaimPending(to) ? null : new Date(),
      });
      await manager.getRepository(ClaimEntity).save(claim);
      await this.history(manager, claim, {
        actorId: user.id,
        actorRole: role,
        amount: capture,
        note: opts.note,
      });
      if (!isClaimPending(to)) {
        await this.recorder.settle(manager, locked, {
          depositClaimPending: false,
          depositCapture: capture,
          needsReconcile: true,
        });
        await this.holds.lift(manager, { rentalId: claim.rentalId, reason: 'claim', reference: claim.id });
        if (capture !== null && capture > 0) await this.scheduleDepositPayout(manager, claim, capture);
      }
      await this.publish(manager, claim, user.id, role);
      if (role === 'admin')
        await this.audit.record(manager, {
          actor: user,
          action: 'payment.claim_resolved',
          target: { type: 'claim', id: claim.id },
          details: { rentalId: claim.rentalId, claimed: claim.amount, awarded: capture, note: opts.note },
        });
      return !isClaimPending(to);
    });
    if (moved) await this.settleMoney(found.intentId);
    return claimDetail(this.dataSource.manager, claimId);
  }

  /**
   * The captured part of the deposit is the owner's (no platform fee on compensation): it leaves
   * as its own transfer (leg `deposit`, same transfer group as the rental), released by the payout
   * job once the capture is recorded and the delay has passed, like the rental's share.
   */
  private async scheduleDepositPayout(manager: EntityManager, claim: ClaimEntity, amount: number) {
    await manager.query(
      `INSERT INTO payment.payouts (id, rental_id, intent_id, leg, owner_id, currency, amount, release_after)
       VALUES ($1, $2, $3, 'deposit', $4, $5, $6, $7) ON CONFLICT (rental_id, leg) DO NOTHING`,
      [
        randomUUID(),
        claim.rentalId,
        claim.intentId,
        claim.ownerId,
        claim.currency,
        amount,
        new Date(Date.now() + this.settings.PAYOUT_DELAY_HOURS * HOUR_MS),
      ],
    );
  }

  /** Moves the deposit now; if the gateway is away, the reconcile job resumes it with the same keys. */
  private async settleMoney(intentId: string): Promise<void> {
    try {
      await this.reconciler.reconcile(intentId);
    } catch (error) {
      this.logger.warn(
        `claim settlement of intent ${intentId} left for the reconcile job: ${error instanceof Error ? error.message : error}`,
      );
    }
  }

  private roleOf(user: AuthUser, claim: ClaimEntity): 'owner' | 'renter' | null {
    if (user.id === claim.ownerId) return 'owner';
    if (user.id === claim.renterId) return 'renter';
    return null;
  }

  private async history(
    manager: EntityManager,
    claim: ClaimEntity,
    change: { actorId: string; actorRole: ClaimRole; amount: number | null; note: string | null },
  ): Promise<void> {
    await manager
      .getRepository(ClaimStatusChangeEntity)
      .insert({ id: randomUUID(), claimId: claim.id, status: claim.status, ...change });
  }

  private async publish(manager: EntityManager, claim: ClaimEntity, actorId: string, actorRole: ClaimRole) {
    const payload: ClaimEventPayload = {
      claimId: claim.id,
      rentalId: claim.rentalId,
      productId: claim.productId,
      ownerId: claim.ownerId,
      renterId: claim.renterId,
      amount: claim.amount,
      currency: claim.currency,
      status: claim.status,
      awarded: claim.awarded,
      actorId,
      actorRole,
    };
    await this.outbox.publish(manager, SCHEMA, EVENTS[claim.status].create(payload));
  }
}
