import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';

export class AddPaymentMethodDto {
  @ApiProperty({
    example: 'pm_card_visa',
    minLength: 6,
    maxLength: 128,
    description:
      'A payment-method token from Stripe.js or the mobile SDKs (card, wallet or bank account). Card numbers are ' +
      'refused (422 `PAYMENT.RAW_CARD_NUMBER_REFUSED`): they never reach this API. On the sandbox gateway these ' +
      'Stripe test tokens work: `pm_card_visa`, `pm_card_mastercard`, `pm_card_amex`, `pm_card_visa_debit` (succeed), ' +
      '`pm_card_chargeDeclined` (4000000000000002, declines), `pm_card_chargeDeclinedInsufficientFunds`, ' +
      '`pm_card_chargeDeclinedExpiredCard`, `pm_card_authenticationRequired` (4000002760003184, always asks for ' +
      '3-D Secure), `pm_card_authenticationRequiredOnSetup` (4000002500003155, asks unless off-session), ' +
      '`pm_card_threeDSecure2Required`; wallets `pm_applePay_visa`, `pm_googlePay_mastercard`; bank accounts ' +
      '`pm_usBankAccount`, `pm_sepaDebit`.',
  })
  @IsString()
  @Length(6, 128)
  token: string;

  @ApiPropertyOptional({ description: 'Make it the default (the first method always is)', default: false })
  @IsOptional()
  @IsBoolean()
  makeDefault?: boolean;
}

export class PaymentMethodDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['card', 'bank_account', 'wallet'] }) type: string;
  @ApiProperty({ example: 'visa', nullable: true, type: String, maxLength: 32 }) brand: string | null;
  @ApiProperty({ example: '4242', nullable: true, type: String, pattern: '^[0-9]{4}$' }) last4: string | null;
  @ApiProperty({ example: 12, nullable: true, type: Number, minimum: 1, maximum: 12 }) expMonth:
    number | null;
  @ApiProperty({ example: 2034, nullable: true, type: Number, minimum: 2000, maximum: 2200 }) expYear:
    number | null;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    maxLength: 32,
    description: 'apple_pay, google_pay...',
  })
  wallet: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, maxLength: 100 }) bankName: string | null;
  @ApiProperty({ example: true }) isDefault: boolean;
  @ApiProperty({
    example: true,
    description: 'Can hold a rental amount (cards and wallets; not bank debits)',
  })
  supportsHolds: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PaymentMethodListDto {
  @ApiProperty({ type: [PaymentMethodDto], maxItems: 20, description: 'At most 20 saved methods per user' })
  items: PaymentMethodDto[];
}
