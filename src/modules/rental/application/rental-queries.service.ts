import { Injectable } from '@nestjs/common';
import type { Page } from '../../../platform/http/pagination';
import type { RentalStatus } from '../contracts/rental-api';
import { RentalErrors } from '../domain/rental.errors';
import type { RentalRecord } from '../persistence/rental-row';
import type { HistoryEntry } from '../persistence/rental.repository';
import { RentalRepository } from '../persistence/rental.repository';
import { partyOf } from './rental-updates.service';

/** What a renter or an owner may read of their rentals; others' rentals do not exist for them. */
@Injectable()
export class RentalQueriesService {
  constructor(private readonly rentals: RentalRepository) {}

  async getForParty(userId: string, rentalId: string): Promise<RentalRecord & { history: HistoryEntry[] }> {
    const rental = await this.rentals.findById(rentalId);
    if (!rental || !partyOf(rental, userId)) throw RentalErrors.rentalNotFound();
    return { ...rental, history: await this.rentals.history(rentalId) };
  }

  async list(
    userId: string,
    query: { as?: 'renter' | 'owner'; status?: RentalStatus; page: number; limit: number },
  ): Promise<Page<RentalRecord>> {
    const { items, total } = await this.rentals.list({ userId, ...query });
    return { items, page: query.page, limit: query.limit, total };
  }
}
