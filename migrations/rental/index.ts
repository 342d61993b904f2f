import type { MigrationInterface } from 'typeorm';
import { CreateRental1764000000300 } from './1764000000300-create-rental';
import { RentalRetentionIndexes1764000000901 } from './1764000000901-rental-retention-indexes';
import { RentalPersonalDataIndexes1764000001050 } from './1764000001050-personal-data-indexes';
import { RentalsCreatedIndex1764000001510 } from './1764000001510-rentals-created-index';
import { RentalCancellationPolicies1764000001701 } from './1764000001701-cancellation-policies';

export const RENTAL_MIGRATIONS: (new () => MigrationInterface)[] = [
  CreateRental1764000000300,
  RentalRetentionIndexes1764000000901,
  RentalPersonalDataIndexes1764000001050,
  RentalsCreatedIndex1764000001510,
  RentalCancellationPolicies1764000001701,
];
