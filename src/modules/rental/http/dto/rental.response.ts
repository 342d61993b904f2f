import { ApiProperty } from '@nestjs/swagger';
import { EXAMPLE_BLOCK, EXAMPLE_STAY, exampleDay } from '../../../../platform/http/example-dates';
import { CANCELLATION_POLICIES } from '../../domain/cancellation-policy';
import { RENTAL_STATUSES } from '../../domain/rental-lifecycle';
import { QuoteCancellationDto, RentalCancellationDto } from './cancellation.response';

export class QuoteDto {
  @ApiProperty({ example: 'EUR', description: 'ISO 4217; every amount is in its minor units (cents)' })
  currency: string;
  @ApiProperty({ example: 8, description: 'endDate - startDate' }) rentalDays: number;
  @ApiProperty({
    example: 10500,
    description:
      'Price of the rental days: full weeks at the weekly price when it is cheaper, remaining days at the daily ' +
      'price but never more than one weekly price; never more than every day at the daily price.',
  })
  subtotal: number;
  @ApiProperty({ example: 1050, description: '10% of the subtotal, rounded half up to a minor unit' })
  platformFee: number;
  @ApiProperty({ example: 5000, description: 'Refundable deposit' }) deposit: number;
  @ApiProperty({ example: 16550, description: 'subtotal + platformFee + deposit' }) total: number;
}

export class DateRangeDto {
  @ApiProperty({ example: exampleDay(EXAMPLE_STAY.start), format: 'date', description: 'Inclusive' })
  startDate: string;
  @ApiProperty({ example: exampleDay(EXAMPLE_STAY.end + 1), format: 'date', description: 'Exclusive' })
  endDate: string;
}

export class RentalDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) renterId: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({
    example: exampleDay(EXAMPLE_STAY.start),
    format: 'date',
    description: 'First rented day (inclusive)',
  })
  startDate: string;
  @ApiProperty({
    example: exampleDay(EXAMPLE_STAY.end),
    format: 'date',
    description: 'The day the item is back (exclusive)',
  })
  endDate: string;
  @ApiProperty({
    example: exampleDay(EXAMPLE_STAY.end + 1),
    format: 'date',
    description:
      "End (exclusive) of the days this rental keeps from others: endDate plus the owner's buffer days",
  })
  heldUntil: string;
  @ApiProperty({ enum: RENTAL_STATUSES, enumName: 'RentalStatus', example: 'requested' }) status: string;
  @ApiProperty({ type: QuoteDto, description: 'Fixed at booking; later price changes do not alter it' })
  quote: QuoteDto;
  @ApiProperty({ nullable: true, type: String, example: 'I will pick it up around 9am.' }) notes:
    string | null;
  @ApiProperty({ nullable: true, enum: ['renter', 'owner'], example: null }) cancelledBy: string | null;
  @ApiProperty({
    enum: CANCELLATION_POLICIES,
    enumName: 'CancellationPolicy',
    example: 'moderate',
    description:
      "The listing's cancellation policy when the rental was requested; later changes do not alter it",
  })
  cancellationPolicy: string;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: null,
    description:
      'Once cancelled: what the renter gets back of the charge (subtotal + platformFee), in minor units, by the ' +
      'policy at the moment of cancelling; the deposit hold is always released. null until cancelled.',
  })
  cancellationRefund: number | null;
  @ApiProperty({ format: 'date-time', description: 'The owner answers by then or the request expires' })
  respondBy: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) returnedAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class RentalHistoryEntryDto {
  @ApiProperty({ enum: RENTAL_STATUSES, nullable: true, example: 'requested' }) fromStatus: string | null;
  @ApiProperty({ enum: RENTAL_STATUSES, example: 'accepted' }) toStatus: string;
  @ApiProperty({ enum: ['renter', 'owner', 'system'], example: 'owner' }) actorRole: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null when the system acted' })
  actorId: string | null;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

export class RentalDetailDto extends RentalDto {
  @ApiProperty({ type: [RentalHistoryEntryDto], description: 'Every status entered, oldest first' })
  history: RentalHistoryEntryDto[];
  @ApiProperty({
    type: RentalCancellationDto,
    description: "The rental's cancellation policy for this stay, and what cancelling right now would refund",
  })
  cancellation: RentalCancellationDto;
}

export class RentalPageDto {
  @ApiProperty({ type: [RentalDto] }) items: RentalDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 42 }) total: number;
}

export class AvailabilityDto {
  @ApiProperty({ example: false }) available: boolean;
  @ApiProperty({
    type: [DateRangeDto],
    description: "Held ranges the stay overlaps (rentals including the owner's buffer days, and blocks)",
  })
  conflicts: DateRangeDto[];
  @ApiProperty({ type: QuoteDto }) quote: QuoteDto;
  @ApiProperty({
    type: QuoteCancellationDto,
    description:
      "The listing's cancellation policy for this stay: its windows and what cancelling now would refund",
  })
  cancellation: QuoteCancellationDto;
}

export class CalendarRangeDto extends DateRangeDto {
  @ApiProperty({
    enum: ['booked', 'blocked'],
    description:
      "booked: held by a rental (requested, accepted or active; includes the owner's buffer days); blocked: the owner's own use",
  })
  kind: string;
}

export class CalendarDto {
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ example: exampleDay(EXAMPLE_STAY.start), format: 'date' }) from: string;
  @ApiProperty({ example: exampleDay(EXAMPLE_STAY.start + 90), format: 'date', description: 'Exclusive' })
  to: string;
  @ApiProperty({
    type: [CalendarRangeDto],
    description: 'Unavailable ranges overlapping [from, to), by start',
  })
  ranges: CalendarRangeDto[];
}

export class BlockDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ example: exampleDay(EXAMPLE_BLOCK.start), format: 'date' }) startDate: string;
  @ApiProperty({ example: exampleDay(EXAMPLE_BLOCK.end), format: 'date', description: 'Exclusive' })
  endDate: string;
  @ApiProperty({ nullable: true, type: String, example: 'Family holiday' }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class BlockListDto {
  @ApiProperty({ type: [BlockDto], description: 'Blocks not yet over, by start' }) items: BlockDto[];
}
