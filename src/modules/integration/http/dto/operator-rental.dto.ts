import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { RentalStatus } from '../../../rental';
import { MAX_PLATFORM_FEE, MAX_PRICE, MAX_SUBTOTAL, MAX_TOTAL } from '../../domain/money-bounds';
import { KeysetQueryDto } from './page-query.dto';

const EVERY_STATUS: Record<RentalStatus, true> = {
  requested: true,
  accepted: true,
  declined: true,
  cancelled: true,
  expired: true,
  active: true,
  returned: true,
  completed: true,
};
export const RENTAL_STATUSES = Object.keys(EVERY_STATUS) as RentalStatus[];

export class OperatorRentalsQueryDto extends KeysetQueryDto {
  @ApiPropertyOptional({
    enum: RENTAL_STATUSES,
    enumName: 'RentalStatus',
    description: 'Only rentals in this status',
  })
  @IsOptional()
  @IsIn(RENTAL_STATUSES)
  status?: RentalStatus;
}

export class OperatorRentalQuoteDto {
  @ApiProperty({ example: 'EUR', maxLength: 3, description: 'ISO 4217; amounts in its minor units' })
  currency: string;
  @ApiProperty({ example: 8, minimum: 1, maximum: 365, type: 'integer', format: 'int32' }) rentalDays: number;
  @ApiProperty({ example: 10500, minimum: 0, maximum: MAX_SUBTOTAL, type: 'integer', format: 'int64' })
  subtotal: number;
  @ApiProperty({ example: 1050, minimum: 0, maximum: MAX_PLATFORM_FEE, type: 'integer', format: 'int64' })
  platformFee: number;
  @ApiProperty({
    example: 5000,
    minimum: 0,
    maximum: MAX_PRICE,
    type: 'integer',
    format: 'int64',
    description: 'Refundable',
  })
  deposit: number;
  @ApiProperty({ example: 16550, minimum: 0, maximum: MAX_TOTAL, type: 'integer', format: 'int64' })
  total: number;
}

export class OperatorRentalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) renterId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ format: 'date', example: '2026-07-01', description: 'First day (inclusive)' })
  startDate: string;
  @ApiProperty({ format: 'date', example: '2026-07-09', description: 'Day after the last (exclusive)' })
  endDate: string;
  @ApiProperty({ enum: RENTAL_STATUSES, enumName: 'RentalStatus', example: 'accepted' }) status: string;
  @ApiProperty({ type: OperatorRentalQuoteDto }) quote: OperatorRentalQuoteDto;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'With microseconds' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class OperatorRentalPageDto {
  @ApiProperty({ type: [OperatorRentalDto], description: 'Newest first' }) items: OperatorRentalDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older rentals; null when there are none',
  })
  nextCursor: string | null;
}
