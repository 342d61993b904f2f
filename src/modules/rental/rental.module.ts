import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlockEntity } from './persistence/block.entity';
import { HoldEntity } from './persistence/hold.entity';
import { RentalHistoryEntity } from './persistence/rental-history.entity';
import { RentalEntity } from './persistence/rental.entity';

const entities = [RentalEntity, RentalHistoryEntity, BlockEntity, HoldEntity];

@Module({
  imports: [TypeOrmModule.forFeature(entities)],
})
export class RentalModule {}
