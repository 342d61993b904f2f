import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { EXAMPLE_BLOCK, EXAMPLE_STAY, exampleDay } from '../../../../platform/http/example-dates';
import { IsUuid } from '../../../../platform/http/uuid';
import { DATE_DESCRIPTION, IsCalendarDate } from './calendar-date.validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AvailabilityRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  productId: string;

  @ApiProperty({ example: exampleDay(EXAMPLE_STAY.start), format: 'date', description: DATE_DESCRIPTION })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({
    example: exampleDay(EXAMPLE_STAY.end),
    format: 'date',
    description: 'Exclusive: the day the item is back.',
  })
  @IsCalendarDate()
  endDate: string;
}

export class CreateRentalDto extends AvailabilityRequestDto {
  @ApiPropertyOptional({ example: 'I will pick it up around 9am.', maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  notes?: string;
}

export class CreateBlockDto {
  @ApiProperty({ example: exampleDay(EXAMPLE_BLOCK.start), format: 'date', description: DATE_DESCRIPTION })
  @IsCalendarDate()
  startDate: string;

  @ApiProperty({
    example: exampleDay(EXAMPLE_BLOCK.end),
    format: 'date',
    description: 'Exclusive: the first day available again.',
  })
  @IsCalendarDate()
  endDate: string;

  @ApiPropertyOptional({ example: 'Family holiday', maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class CalendarQueryDto {
  @ApiPropertyOptional({
    example: exampleDay(EXAMPLE_STAY.start),
    format: 'date',
    description: 'Default: today (UTC).',
  })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({
    example: exampleDay(EXAMPLE_STAY.start + 92),
    format: 'date',
    description: 'Exclusive. Default: from + 90 days; at most 366 days after from.',
  })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
