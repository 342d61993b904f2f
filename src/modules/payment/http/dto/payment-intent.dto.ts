import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { PageQueryDto } from '../../../../platform/http/pagination';
import { INTENT_STATUSES } from '../../domain/payment-intent';

export class CreatePaymentIntentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    example: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    description: 'The rental to pay (the caller must be its renter)',
  })
  @IsOptional()
  @IsUuid()
  rentalId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The subscription whose open payment to pay' })
  @IsOptional()
  @IsUuid()
  subscriptionId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "One of the caller's payment methods; default: the default one",
  })
  @IsOptional()
  @IsUuid()
  paymentMethodId?: string;
}

export class ConfirmPaymentIntentDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The method to (re)try with; default: the intent's own, else the caller's default",
  })
  @IsOptional()
  @IsUuid()
  paymentMethodId?: string;
}

export class ListPaymentIntentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['rental', 'subscription'] })
  @IsOptional()
  @IsIn(['rental', 'subscription'])
  purpose?: 'rental' | 'subscription';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUuid()
  rentalId?: string;

  @ApiPropertyOptional({ enum: INTENT_STATUSES })
  @IsOptional()
  @IsIn(INTENT_STATUSES)
  status?: (typeof INTENT_STATUSES)[number];
}

export class BreakdownDto {
  @ApiProperty({ example: 11000, description: 'Rental subtotal + platform fee (or the subscription price)' })
  charge: number;
  @ApiProperty({ example: 5000, description: 'Refundable deposit, held separately' }) deposit: number;
  @ApiProperty({ example: 1000 }) platformFee: number;
  @ApiProperty({ example: 10000, description: "The owner's payout: the rental subtotal" })
  ownerPayout: number;
}

export class PaymentErrorDto {
  @ApiProperty({ example: 'card_declined', maxLength: 64 }) code: string;
  @ApiProperty({ example: 'Your card was declined.', maxLength: 500 }) message: string;
}

export class NextActionDto {
  @ApiProperty({
    example: 'redirect_to_url',
    description: 'redirect_to_url, or use_stripe_sdk (complete with the client secret)',
  })
  type: string;
  @ApiProperty({
    example: '/api/v1/payment/sandbox/payment-intents/pi_sb_123/authenticate',
    nullable: true,
    type: String,
  })
  redirectUrl: string | null;
  @ApiProperty({ example: 'pi_sb_123_secret_abc', nullable: true, type: String }) clientSecret: string | null;
}

export class DepositRenewalFailureDto {
  @ApiProperty({ example: 1, description: 'Refused attempts to renew the current hold (3 at most)' })
  attempts: number;
  @ApiProperty({ format: 'date-time' }) lastAttemptAt: string;
  @ApiProperty({ description: 'The job tries again (12 hours later) while the hold lasts' })
  willRetry: boolean;
  @ApiProperty({
    type: PaymentErrorDto,
    nullable: true,
    description: "Payer only: the card's answer",
  })
  error: PaymentErrorDto | null;
}

export class DepositHoldDto {
  @ApiProperty({ format: 'date-time', description: 'When the current authorization was placed' })
  heldSince: string;
  @ApiProperty({
    format: 'date-time',
    description:
      'When it lapses at the card network (AUTHORIZATION_VALIDITY_DAYS after it was placed). A rental that ' +
      'outlasts it gets a new authorization, DEPOSIT_RENEWAL_LEAD_HOURS before, and the old one is cancelled.',
  })
  expiresAt: string;
  @ApiProperty({ example: 0, description: 'Renewals so far' }) renewals: number;
  @ApiProperty({
    type: DepositRenewalFailureDto,
    nullable: true,
    description:
      'The card refused to renew the hold (declined, authentication required): the deposit may stop being held',
  })
  renewalFailure: DepositRenewalFailureDto | null;
}

export class PaymentIntentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['rental', 'subscription'] }) purpose: string;
  @ApiProperty({ enum: ['payer', 'payee'] }) role: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rentalId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subscriptionId: string | null;
  @ApiProperty({ enum: INTENT_STATUSES, example: 'authorized' }) status: string;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ example: 16000, description: 'Minor units: charge + deposit' }) amount: number;
  @ApiProperty({ type: BreakdownDto }) breakdown: BreakdownDto;
  @ApiProperty({ example: 0 }) amountCaptured: number;
  @ApiProperty({ example: 0 }) amountRefunded: number;
  @ApiProperty({ enum: ['none', 'pending', 'held', 'released', 'captured'], example: 'held' })
  depositStatus: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Payer only' }) paymentMethodId:
    string | null;
  @ApiProperty({ type: PaymentErrorDto, nullable: true, description: 'Payer only' })
  lastPaymentError: PaymentErrorDto | null;
  @ApiProperty({
    type: NextActionDto,
    nullable: true,
    description: 'Payer only: complete 3-D Secure, then confirm',
  })
  nextAction: NextActionDto | null;
  @ApiProperty({
    type: DepositHoldDto,
    nullable: true,
    description:
      "A rental's deposit hold while the rental needs it (to the payer and the payee): when it lapses, its " +
      'renewals, and a renewal the card refused. Null otherwise.',
  })
  depositHold: DepositHoldDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class PaymentIntentPageDto {
  @ApiProperty({ type: [PaymentIntentDto] }) items: PaymentIntentDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 1 }) total: number;
}
