import { Injectable } from '@nestjs/common';
import type { Page } from '../../../platform/http/pagination';
import type { RentalStatus } from '../contracts/rental-api';
import type { CancellationTerms } from '../domain/cancellation-terms';
import { termsFor } from '../domain/cancellation-terms';
import { RentalErrors } from '../domain/rental.errors';
import type { RentalRecord } from '../persistence/rental-row';
import type { HistoryEntry } from '../persistence/rental.repository';
import { RentalRepository } from '../persistence/rental.repository';
import { partyOf } from './rental-updates.service';

/** What a renter or an owner may read of their rentals; others' rentals do not exist for them. */
@Injectable()
export class RentalQueriesService {
  constructor(private readonly rentals: RentalRepository) {}

  /** With the rental's cancellation terms for the caller: what their cancelling at `now` would refund. */
  async getForParty(
    userId: string,
    rentalId: string,
    now = new Date(),
  ): Promise<RentalRecord & { history: HistoryEntry[]; cancellation: CancellationTerms }> {
    const rental = await this.rentals.findById(rentalId);
    const party = rental ? partyOf(rental, userId) : null;
    if (!rental || !party) throw RentalErrors.rentalNotFound();
    const cancellation = termsFor(
      {
        policy: rental.cancellationPolicy,
        startDate: rental.startDate,
        subtotal: rental.quote.subtotal,
        platformFee: rental.quote.platformFee,
        status: rental.status,
      },
      party,
      now,
    );
    return { ...rental, history: await this.rentals.history(rentalId), cancellation };
  }

  async list(
    userId: string,
    query: { as?: 'renter' | 'owner'; status?: RentalStatus; page: number; limit: number },
  ): Promise<Page<RentalRecord>> {
    const { items, total } = await this.rentals.list({ userId, ...query });
    return { items, page: query.page, limit: query.limit, total };
  }
}
