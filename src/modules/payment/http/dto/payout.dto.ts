import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { MAX_PAGE_LIMIT } from '../../../../platform/http/pagination';
import { INTENT_STATUSES } from '../../domain/payment-intent';
import { PAYOUT_STATUSES } from '../../domain/payout-plan';

const CURSOR_PATTERN = '^[A-Za-z0-9_-]+$';

export class PayoutsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_LIMIT, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit = 20;

  @ApiPropertyOptional({
    description: "A previous page's nextCursor: payouts older than its last one",
    maxLength: 200,
    pattern: CURSOR_PATTERN,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(new RegExp(CURSOR_PATTERN), { message: 'cursor must be a nextCursor of a previous page' })
  cursor?: string;
}

export class PayoutDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rentalId: string;
  @ApiProperty({
    enum: PAYOUT_STATUSES,
    description:
      'pending: owed, waiting (see waitingFor); transferring: being sent; transferred: at your payout account; ' +
      'paid_out: paid to your bank; cancelled: nothing was owed when it came due (refunded)',
  })
  status: string;
  @ApiProperty({ example: 9000, description: 'Minor units: what is (or will be) transferred' })
  amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time', description: 'Not sent before (PAYOUT_DELAY_HOURS after completion)' })
  releaseAfter: Date;
  @ApiProperty({
    nullable: true,
    type: String,
    enum: ['release_time', 'hold', 'onboarding', 'capture'],
    description:
      'What a pending payout waits for: its release time, an open claim or dispute on the rental, your payout ' +
      'onboarding (POST /api/v1/payment/connect/onboarding-link), or the payment itself',
  })
  waitingFor: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) transferredAt: Date | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) paidOutAt: Date | null;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
}

export class PayoutPageDto {
  @ApiProperty({ type: [PayoutDto], description: 'Newest first' }) items: PayoutDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for older payouts; null when there are none',
  })
  nextCursor: string | null;
}

export class RentalBreakdownDto {
  @ApiProperty({ format: 'uuid' }) rentalId: string;
  @ApiProperty({ enum: ['owner', 'renter'], description: "The caller's side of the rental" }) role: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 9000, description: "The rental price: the owner's share" }) subtotal: number;
  @ApiProperty({ example: 900, description: "The platform's fee, kept by the platform" }) platformFee: number;
  @ApiProperty({ example: 9900, description: 'What the renter is charged: subtotal + fee' }) total: number;
  @ApiProperty({ example: 20000, description: 'The deposit held (and released) apart from the charge' })
  deposit: number;
  @ApiProperty({ example: 9900 }) captured: number;
  @ApiProperty({ example: 0 }) refunded: number;
  @ApiProperty({
    example: 9000,
    description: 'What the owner receives: the subtotal of a captured charge, less refunds taken from it',
  })
  ownerShare: number;
  @ApiProperty({ enum: INTENT_STATUSES, example: 'captured', description: "The rental payment's status" })
  paymentStatus: string;
  @ApiProperty({
    type: PayoutDto,
    nullable: true,
    description: "The owner's payout of this rental (owner only; null before completion and for the renter)",
  })
  payout: PayoutDto | null;
}
