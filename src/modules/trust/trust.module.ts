import { Global, Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { BlocksErasureSubscriber } from './application/blocks-erasure.subscriber';
import { BlocksService } from './application/blocks.service';
import { ReportableContentSources } from './application/reportable-content-sources';
import { ModerationDecisions } from './application/moderation-decisions.service';
import { ReportQueue } from './application/report-queue.service';
import { ReportsErasureSubscriber } from './application/reports-erasure.subscriber';
import { ReportsService } from './application/reports.service';
import { SanctionExpiryJob } from './application/sanction-expiry.job';
import { SanctionLedger } from './application/sanction-ledger';
import { SanctionsService } from './application/sanctions.service';
import { TrustApiService } from './application/trust-api.service';
import { TrustPersonalDataExport } from './application/trust-personal-data';
import { ReportableContentRegistry } from './contracts/reportable-content';
import { TrustApi } from './contracts/trust-api';
import { AdminReportsController } from './http/admin-reports.controller';
import { AdminSanctionsController } from './http/admin-sanctions.controller';
import { BlocksController } from './http/blocks.controller';
import { ReportsController } from './http/reports.controller';
import { SanctionsController } from './http/sanctions.controller';
import { BlockEntity } from './persistence/block.entity';
import { ReportEntity } from './persistence/report.entity';
import { SanctionEntity } from './persistence/sanction.entity';

const entities = [BlockEntity, ReportEntity, SanctionEntity];
const infrastructure = [SanctionLedger];
const blocks = [BlocksService, BlocksErasureSubscriber];
const reports = [ReportsService, ReportsErasureSubscriber];
const personalData = [TrustPersonalDataExport];
const moderation = [ReportQueue, ModerationDecisions];
const sanctions = [SanctionsService, SanctionExpiryJob];
const publicApi = [
  { provide: TrustApi, useClass: TrustApiService },
  ReportableContentSources,
  { provide: ReportableContentRegistry, useExisting: ReportableContentSources },
];

// Global: other contexts inject the exported public API (TrustApi, and the registry content owners
// register their sources in) without importing this module, so contexts depend on each other's
// contracts alone and never form module cycles.
@Global()
@Module({
  imports: [ContextDatabaseModule.forContext('trust', entities)],
  controllers: [
    BlocksController,
    ReportsController,
    SanctionsController,
    AdminReportsController,
    AdminSanctionsController,
  ],
  providers: [
    ...infrastructure,
    ...blocks,
    ...reports,
    ...moderation,
    ...sanctions,
    ...personalData,
    ...publicApi,
  ],
  exports: [TrustApi, ReportableContentRegistry],
})
export class TrustModule {}
