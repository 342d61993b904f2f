import { Inject, Injectable } from '@nestjs/common';
import { IdentityApi } from '../../identity';
import type { OwnerRecord } from '../contracts/rental-api';
import { RentalApi } from '../contracts/rental-api';
import { RentalErrors } from '../domain/rental.errors';

/**
 * An owner's record as the public sees it (GET /users/{id}/owner-record): only for people identity
 * shows publicly, so a suspended or erased account's record is as unknown as the account.
 */
@Injectable()
export class OwnerRecordService {
  constructor(
    @Inject(IdentityApi) private readonly identity: IdentityApi,
    @Inject(RentalApi) private readonly rentals: RentalApi,
  ) {}

  async forPublic(userId: string): Promise<OwnerRecord> {
    if (!(await this.identity.findPublicUser(userId))) throw RentalErrors.userNotFound();
    return this.rentals.ownerRecord(userId);
  }
}
