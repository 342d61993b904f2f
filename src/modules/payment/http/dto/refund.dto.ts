import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { MAX_REFUNDS_PER_INTENT, REFUND_REASON_MAX } from '../../persistence/refund.entity';

const AMOUNT_MAX = 100_000_000;

export class CreateRefundDto {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: AMOUNT_MAX,
    example: 2500,
    description:
      'Minor units; omitted: everything still refundable (captured less refunded). More than that is a 422 ' +
      '`PAYMENT.REFUND_ABOVE_CAPTURED`',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(AMOUNT_MAX)
  amount?: number;

  @ApiProperty({
    minLength: 1,
    maxLength: REFUND_REASON_MAX,
    example: 'Goodwill: the drill stopped working on the second day.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(REFUND_REASON_MAX)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason: string;
}

export class RefundDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) intentId: string;
  @ApiProperty({ example: 2500, description: 'Minor units' }) amount: number;
  @ApiProperty({ example: 'EUR', maxLength: 3 }) currency: string;
  @ApiProperty({ maxLength: REFUND_REASON_MAX }) reason: string;
  @ApiProperty({
    enum: ['pending', 'succeeded', 'failed'],
    description: 'pending: sent to the gateway, answer not recorded yet (the owner payout waits meanwhile)',
  })
  status: string;
  @ApiProperty({ nullable: true, type: String, maxLength: 255, example: 're_3MtwBwLkdIwHu7ix28a3tqPa' })
  gatewayRefundId: string | null;
  @ApiProperty({ format: 'uuid', description: 'The admin who asked for it' }) requestedBy: string;
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) completedAt: Date | null;
}

export class RefundListDto {
  @ApiProperty({ type: [RefundDto], maxItems: MAX_REFUNDS_PER_INTENT, description: 'Oldest first' })
  items: RefundDto[];
}
