import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../../platform/http/pagination';
import type { RentalStatus } from '../../contracts/rental-api';
import { RENTAL_STATUSES } from '../../domain/rental-lifecycle';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class UpdateRentalDto {
  @ApiPropertyOptional({
    enum: RENTAL_STATUSES,
    enumName: 'RentalStatus',
    example: 'accepted',
    description:
      'The status to move to. Owner: requested → accepted | declined; accepted → active (handed over) | cancelled; ' +
      'active → returned; returned → completed (inspection done). Renter: requested | accepted → cancelled. ' +
      'The current status again is a no-op. Anything else is 409 RENTAL.ILLEGAL_TRANSITION listing `allowed`.',
  })
  @IsOptional()
  @IsIn(RENTAL_STATUSES)
  status?: RentalStatus;

  @ApiPropertyOptional({
    example: 'Pick-up at the back door.',
    maxLength: 1000,
    nullable: true,
    type: String,
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  notes?: string | null;
}

export class ListRentalsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['renter', 'owner'],
    description: 'Only rentals where the caller is the renter, or the owner. Default: both.',
  })
  @IsOptional()
  @IsIn(['renter', 'owner'])
  as?: 'renter' | 'owner';

  @ApiPropertyOptional({ enum: RENTAL_STATUSES, enumName: 'RentalStatus' })
  @IsOptional()
  @IsIn(RENTAL_STATUSES)
  status?: RentalStatus;
}
