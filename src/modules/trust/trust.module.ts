import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SanctionLedger } from './application/sanction-ledger';
import { BlockEntity } from './persistence/block.entity';
import { ReportEntity } from './persistence/report.entity';
import { SanctionEntity } from './persistence/sanction.entity';

const entities = [BlockEntity, ReportEntity, SanctionEntity];
const infrastructure = [SanctionLedger];

@Module({
  imports: [TypeOrmModule.forFeature(entities)],
  controllers: [],
  providers: [...infrastructure],
})
export class TrustModule {}
