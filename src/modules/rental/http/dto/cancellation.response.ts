import { ApiProperty } from '@nestjs/swagger';
import { CANCELLATION_POLICIES, MAX_POLICY_WINDOWS } from '../../domain/cancellation-policy';

const REFUND_BASES = ['before_acceptance', 'owner', 'policy'];

export class CancellationWindowDto {
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2030-06-09T00:00:00.000Z',
    description:
      'A renter cancelling an accepted rental at or before this instant gets `refund`; null for the last window, ' +
      'which lasts until the hand-over',
  })
  until: string | null;
  @ApiProperty({ example: 100, minimum: 0, maximum: 100, description: 'Share of the subtotal' })
  refundPercent: number;
  @ApiProperty({ example: 10500, description: 'refundPercent of the subtotal, rounded down to a minor unit' })
  refund: number;
}

export class CancellationOutcomeDto {
  @ApiProperty({
    enum: REFUND_BASES,
    enumName: 'RefundBasis',
    example: 'policy',
    description:
      'before_acceptance: nothing was captured, every hold is released; owner: the owner cancels, everything ' +
      "back; policy: the renter cancels an accepted rental, the policy's share of the subtotal, the fee kept",
  })
  basis: string;
  @ApiProperty({ example: 100, minimum: 0, maximum: 100, description: 'Share of the subtotal given back' })
  refundPercent: number;
  @ApiProperty({
    example: 10500,
    description:
      'What the renter gets back of the charge (subtotal + platformFee), in minor units; the deposit hold is ' +
      'released in every case',
  })
  refund: number;
  @ApiProperty({ example: false }) platformFeeRefunded: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2030-06-09T00:00:00.000Z',
    description: 'This answer holds until then (the next cut-off); null when it holds until the hand-over',
  })
  until: string | null;
}

export class CancellationTermsDto {
  @ApiProperty({ enum: CANCELLATION_POLICIES, enumName: 'CancellationPolicy', example: 'moderate' })
  policy: string;
  @ApiProperty({
    format: 'date-time',
    example: '2030-06-10T00:00:00.000Z',
    description: 'The instant the tiers count down to: 00:00 UTC of startDate (products have no pickup time)',
  })
  startsAt: string;
  @ApiProperty({
    type: [CancellationWindowDto],
    maxItems: MAX_POLICY_WINDOWS,
    description: "The policy's windows for this stay, earliest first (some may be past)",
  })
  windows: CancellationWindowDto[];
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    example: '2030-06-05T00:00:00.000Z',
    description:
      'Full refund until this instant (inclusive); null when none is left (or strict, which has none)',
  })
  fullRefundUntil: string | null;
}

export class QuoteCancellationDto extends CancellationTermsDto {
  @ApiProperty({
    type: CancellationOutcomeDto,
    description:
      'What the renter would get back by cancelling right now once the owner has accepted (before acceptance ' +
      'nothing is captured and cancelling releases everything)',
  })
  ifCancelledNow: CancellationOutcomeDto;
}

export class RentalCancellationDto extends CancellationTermsDto {
  @ApiProperty({
    type: CancellationOutcomeDto,
    nullable: true,
    description:
      'What cancelling right now would give the renter back, for the caller (renter or owner); null when the ' +
      'caller cannot cancel this rental now',
  })
  ifCancelledNow: CancellationOutcomeDto | null;
}

export class OwnerRecordDto {
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ example: 40, description: 'Rentals the owner accepted, whatever became of them' })
  acceptedRentals: number;
  @ApiProperty({
    example: 1,
    description:
      'Accepted rentals the owner then cancelled (each refunded in full); declining a request is not counted',
  })
  ownerCancellations: number;
}
