import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ErasureBlocker } from '../../../platform/privacy/personal-data';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import type { RentalStatus } from '../contracts/rental-api';
import { isFinal, RENTAL_STATUSES } from '../domain/rental-lifecycle';

/** Every status a rental can still leave: the other party is counting on it. */
export const UNFINISHED_STATUSES: readonly RentalStatus[] = RENTAL_STATUSES.filter((s) => !isFinal(s));

/**
 * An account cannot be erased while one of its rentals, as renter or owner, is not over: the
 * other party needs a counterpart to hand over, return and inspect the item. Read on the primary,
 * from rental's own table.
 */
@Injectable()
export class RentalErasureBlockers implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerErasureBlockers('rental', (userId) => this.blockersOf(userId));
  }

  async blockersOf(userId: string): Promise<ErasureBlocker[]> {
    const [{ as_renter, as_owner }]: { as_renter: number; as_owner: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE renter_id = $1)::int AS as_renter,
              count(*) FILTER (WHERE owner_id = $1)::int AS as_owner
       FROM rental.rentals
       WHERE (renter_id = $1 OR owner_id = $1) AND status = ANY($2::text[])`,
      [userId, UNFINISHED_STATUSES],
    );
    const rentals = (n: number, of: string) =>
      n === 1 ? `1 rental ${of} is not finished` : `${n} rentals ${of} are not finished`;
    const blockers: ErasureBlocker[] = [];
    if (as_renter > 0)
      blockers.push({
        code: 'RENTAL.UNFINISHED_AS_RENTER',
        count: as_renter,
        detail: rentals(as_renter, 'you booked'),
      });
    if (as_owner > 0)
      blockers.push({
        code: 'RENTAL.UNFINISHED_AS_OWNER',
        count: as_owner,
        detail: rentals(as_owner, 'of your listings'),
      });
    return blockers;
  }
}
