import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { BookingService } from './application/booking.service';
import { RentalErasureBlockers } from './application/erasure-blockers';
import { OwnerRecordService } from './application/owner-record.service';
import { ProductAccess } from './application/product-access';
import { ProductCalendarService } from './application/product-calendar.service';
import { RentalApiService } from './application/rental-api.service';
import { RentalJobs } from './application/rental-jobs';
import { RentalQueriesService } from './application/rental-queries.service';
import { RentalTransitions } from './application/rental-transitions';
import { RentalUpdatesService } from './application/rental-updates.service';
import { RentalUserErasureSubscriber } from './application/user-erasure.subscriber';
import { RentalPersonalDataExport } from './application/personal-data-export';
import { RentalApi } from './contracts/rental-api';
import { AvailabilityController } from './http/availability.controller';
import { OwnerRecordsController } from './http/owner-records.controller';
import { ProductCalendarController } from './http/product-calendar.controller';
import { RentalsController } from './http/rentals.controller';
import { BlockEntity } from './persistence/block.entity';
import { HoldEntity } from './persistence/hold.entity';
import { HoldRepository } from './persistence/hold.repository';
import { RentalHistoryEntity } from './persistence/rental-history.entity';
import { RentalEntity } from './persistence/rental.entity';
import { RentalRepository } from './persistence/rental.repository';

const entities = [RentalEntity, RentalHistoryEntity, BlockEntity, HoldEntity];
const useCases = [
  BookingService,
  RentalUpdatesService,
  RentalQueriesService,
  ProductCalendarService,
  OwnerRecordService,
];
const lifecycle = [RentalTransitions, RentalJobs];
const infrastructure = [ProductAccess, RentalRepository, HoldRepository];
const personalDataExport = [RentalPersonalDataExport];
const erasure = [RentalErasureBlockers, RentalUserErasureSubscriber];
const publicApi = { provide: RentalApi, useClass: RentalApiService };

// Global: other contexts inject the exported public API (the only export) without importing this
// module, so contexts depend on each other's contracts alone and never form module cycles.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('rental', entities)],
  controllers: [RentalsController, AvailabilityController, ProductCalendarController, OwnerRecordsController],
  providers: [...personalDataExport, ...useCases, ...lifecycle, ...infrastructure, ...erasure, publicApi],
  exports: [RentalApi],
})
export class RentalModule {}
