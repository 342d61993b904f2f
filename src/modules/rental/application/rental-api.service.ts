import { Injectable } from '@nestjs/common';
import type { OwnerRecord, RentalListPage, RentalSnapshot, RentalStatus } from '../contracts/rental-api';
import { RentalApi } from '../contracts/rental-api';
import { RentalRepository } from '../persistence/rental.repository';
import type { RentalRecord } from '../persistence/rental-row';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class RentalApiService extends RentalApi {
  constructor(private readonly rentals: RentalRepository) {
    super();
  }

  async findRental(id: string): Promise<RentalSnapshot | null> {
    if (!UUID.test(id)) return null;
    const rental = await this.rentals.findById(id);
    return rental ? snapshotOf(rental) : null;
  }

  async listRentals(query: {
    before: { createdAt: string; id: string } | null;
    limit: number;
    status?: RentalStatus;
  }): Promise<RentalListPage> {
    const { items, hasMore } = await this.rentals.listAll(query);
    return {
      items: items.map((r) => ({ ...snapshotOf(r), createdAt: r.position, updatedAt: r.updatedAt })),
      hasMore,
    };
  }

  async ownerRecord(ownerId: string): Promise<OwnerRecord> {
    if (!UUID.test(ownerId)) return { ownerId, acceptedRentals: 0, ownerCancellations: 0 };
    const counts = await this.rentals.ownerCounts(ownerId);
    return { ownerId, acceptedRentals: counts.accepted, ownerCancellations: counts.cancelledByOwner };
  }
}

function snapshotOf(rental: RentalRecord): RentalSnapshot {
  return {
    id: rental.id,
    productId: rental.productId,
    renterId: rental.renterId,
    ownerId: rental.ownerId,
    startDate: rental.startDate,
    endDate: rental.endDate,
    status: rental.status,
    quote: rental.quote,
    completedAt: rental.completedAt,
  };
}
