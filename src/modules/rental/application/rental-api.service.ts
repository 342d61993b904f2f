import { Injectable } from '@nestjs/common';
import type { OwnerRecord, RentalSnapshot } from '../contracts/rental-api';
import { RentalApi } from '../contracts/rental-api';
import { RentalRepository } from '../persistence/rental.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class RentalApiService extends RentalApi {
  constructor(private readonly rentals: RentalRepository) {
    super();
  }

  async findRental(id: string): Promise<RentalSnapshot | null> {
    if (!UUID.test(id)) return null;
    const rental = await this.rentals.findById(id);
    if (!rental) return null;
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

  async ownerRecord(ownerId: string): Promise<OwnerRecord> {
    if (!UUID.test(ownerId)) return { ownerId, acceptedRentals: 0, ownerCancellations: 0 };
    const counts = await this.rentals.ownerCounts(ownerId);
    return { ownerId, acceptedRentals: counts.accepted, ownerCancellations: counts.cancelledByOwner };
  }
}
