import { AppConfig } from '../../../platform/config/app-config';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ProductSnapshot } from '../../catalog';
import { IdentityApi } from '../../identity';
import { TrustApi } from '../../trust';
import { Outbox } from '../../../platform/events/outbox';
import { IdempotencyService } from '../../../platform/idempotency/idempotency.service';
import { PAYOUT_ONBOARDING_ROUTE, PayoutReadiness } from '../contracts/payout-readiness';
import type { RentalQuote } from '../contracts/rental-api';
import { daysBetween, utcToday } from '../domain/calendar-date';
import type { CancellationOutcome } from '../domain/cancellation-policy';
import type { CancellationTerms } from '../domain/cancellation-terms';
import { quotedTerms } from '../domain/cancellation-terms';
import { RentalErrors } from '../domain/rental.errors';
import { quoteStay } from '../domain/rental-quote';
import type { StayRange } from '../domain/stay-policy';
import { heldRange, stayViolations } from '../domain/stay-policy';
import { HoldRepository } from '../persistence/hold.repository';
import type { RentalRecord } from '../persistence/rental-row';
import { RentalRepository } from '../persistence/rental.repository';
import { isOverlapViolation, withConflictRetry } from './database-errors';
import { ProductAccess } from './product-access';
import { eventForEnteredStatus } from './rental-events';

export interface StayRequest extends StayRange {
  productId: string;
}

export interface Availability {
  available: boolean;
  /** The held ranges (rentals including the owner's buffer days, blocks) the stay would overlap. */
  conflicts: StayRange[];
  quote: RentalQuote;
  /** The listing's cancellation policy for this stay, as a booking made now would keep it. */
  cancellation: CancellationTerms & { ifCancelledNow: CancellationOutcome };
}

const HOUR_MS = 3_600_000;

/** The value of a check asked alongside others, or what it threw, when its turn comes. */
function outcome<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === 'rejected') throw settled.reason;
  return settled.value;
}

/** Availability checks and bookings: the same rules for both, the database as the final word. */
@Injectable()
export class BookingService {
  constructor(
    private readonly products: ProductAccess,
    private readonly rentals: RentalRepository,
    private readonly holds: HoldRepository,
    private readonly outbox: Outbox,
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
    @Inject(IdentityApi) private readonly identity: IdentityApi,
    @Inject(TrustApi) private readonly trust: TrustApi,
    @Inject(PayoutReadiness) private readonly payouts: PayoutReadiness,
  ) {}

  async checkAvailability(request: StayRequest, now = new Date()): Promise<Availability> {
    const product = await this.products.rentable(request.productId);
    const quote = this.priceStay(product, request, now);
    const conflicts = await this.conflictsOf(product, request);
    const cancellation = quotedTerms(
      {
        policy: product.rules.cancellationPolicy,
        startDate: request.startDate,
        subtotal: quote.subtotal,
        platformFee: quote.platformFee,
      },
      now,
    );
    return { available: conflicts.length === 0, conflicts, quote, cancellation };
  }

  /**
   * Books the stay in status `requested`. Overlap is not checked here first: the insert either
   * passes the exclusion constraints or fails with 23P01, and only then are the conflicting
   * ranges looked up (in a fresh query, as the failed transaction is gone) to explain the 409.
   */
  async requestRental(
    renterId: string,
    request: StayRequest & { notes: string | null },
    idempotencyKey: string | undefined,
    now = new Date(),
  ): Promise<{ rental: RentalRecord; replayed: boolean }> {
    // Each check asks another context (in a split, another process over the network): the
    // independent ones are asked together, two round trips instead of six, and their answers are
    // still judged in the order below, so the caller always gets the same refusal.
    const [verified, renterRestricted, found] = await Promise.allSettled([
      // Renting needs a proven email (identity decides, by its setting); browsing does not.
      this.identity.assertEmailVerified(renterId),
      // Trust's own record, which holds from the moment a suspension committed (the access token
      // of a suspended renter lives on for minutes).
      this.trust.isRestricted(renterId),
      this.products.existing(request.productId),
    ]);
    outcome(verified);
    if (outcome(renterRestricted)) throw RentalErrors.accountRestricted();
    const product = outcome(found);
    if (product.ownerId === renterId) throw RentalErrors.ownProduct();
    const [blockedBy, ownerRestricted, payable] = await Promise.allSettled([
      this.trust.whoBlocked(renterId, product.ownerId),
      this.trust.isRestricted(product.ownerId),
      this.config.payoutsRequireOnboarding ? this.payouts.canReceivePayouts(product.ownerId) : true,
    ]);
    // Nothing new between two people while either blocks the other; rentals made before continue.
    // The renter who blocked the owner is told so (they can lift it); a renter the owner blocked
    // is not: to them the product is simply not rentable, as a restricted owner's is.
    const blocked = outcome(blockedBy);
    if (blocked === 'caller') throw RentalErrors.blocked();
    if (!product.rentable || blocked === 'other' || outcome(ownerRestricted))
      throw RentalErrors.productNotRentable();
    // The renter's money would have nowhere to go: the owner finishes payout onboarding first.
    if (!outcome(payable)) throw RentalErrors.ownerCannotReceivePayouts(PAYOUT_ONBOARDING_ROUTE);
    const quote = this.priceStay(product, request, now);
    try {
      const { result, replayed } = await withConflictRetry(() =>
        this.idempotency.run(
          {
            schema: 'rental',
            operation: 'rental.create',
            userId: renterId,
            key: idempotencyKey,
            request: { ...request },
          },
          (manager) => this.insertRequested(manager, product, renterId, request, quote, now),
        ),
      );
      return { rental: result, replayed };
    } catch (error) {
      if (isOverlapViolation(error)) throw RentalErrors.overlap(await this.conflictsOf(product, request));
      throw error;
    }
  }

  private async insertRequested(
    manager: EntityManager,
    product: ProductSnapshot,
    renterId: string,
    request: StayRequest & { notes: string | null },
    quote: RentalQuote,
    now: Date,
  ): Promise<RentalRecord> {
    await this.holds.lockProductHolds(manager, product.id);
    const rental = await this.rentals.insert(
      manager,
      {
        productId: product.id,
        renterId,
        ownerId: product.ownerId,
        startDate: request.startDate,
        endDate: request.endDate,
        bufferDays: product.rules.bufferDays,
        notes: request.notes,
        quote,
        // Catalog's names must be rental's: a name rental has no tiers for would not compile here.
        cancellationPolicy: product.rules.cancellationPolicy,
        respondBy: new Date(now.getTime() + this.config.RENTAL_RESPONSE_WINDOW_HOURS * HOUR_MS),
      },
      now,
    );
    await this.rentals.insertHistory(manager, rental.id, {
      fromStatus: null,
      toStatus: 'requested',
      actorRole: 'renter',
      actorId: renterId,
      changedAt: now.toISOString(),
    });
    await this.outbox.publish(manager, 'rental', eventForEnteredStatus(rental, null, renterId, now));
    return rental;
  }

  /** 422 for any broken date rule; the quote otherwise. */
  private priceStay(product: ProductSnapshot, range: StayRange, now: Date): RentalQuote {
    const violations = stayViolations(range, product.rules, utcToday(now));
    if (violations.length > 0) throw RentalErrors.invalidStay(violations);
    return quoteStay(
      daysBetween(range.startDate, range.endDate),
      product.pricing,
      this.config.RENTAL_PLATFORM_FEE_BASIS_POINTS,
    );
  }

  private async conflictsOf(product: ProductSnapshot, range: StayRange): Promise<StayRange[]> {
    const held = heldRange(range, product.rules.bufferDays);
    const overlapping = await this.holds.overlapping(product.id, held);
    return overlapping.map(({ startDate, endDate }) => ({ startDate, endDate }));
  }
}
