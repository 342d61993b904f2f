import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';

export class ConnectAccountDto {
  @ApiProperty({ example: false, description: 'The owner submitted what the onboarding form asks' })
  detailsSubmitted: boolean;
  @ApiProperty({ example: false }) chargesEnabled: boolean;
  @ApiProperty({
    example: false,
    description: 'The account can receive payouts: listings can take bookings, owed shares can be sent',
  })
  payoutsEnabled: boolean;
  @ApiProperty({
    type: [String],
    maxItems: 100,
    items: { type: 'string', maxLength: 200 },
    example: ['external_account', 'tos_acceptance.date'],
    description: "Stripe's `requirements.currently_due`: what the owner must still provide",
  })
  requirementsDue: string[];
  @ApiProperty({
    nullable: true,
    type: String,
    maxLength: 200,
    example: 'requirements.past_due',
    description: 'Why the account is disabled, if it is',
  })
  disabledReason: string | null;
  @ApiProperty({
    enum: ['onboarding', 'none'],
    description: '`onboarding`: POST /api/v1/payment/connect/onboarding-link and follow it',
  })
  nextStep: 'onboarding' | 'none';
  @ApiProperty({ format: 'date-time' }) createdAt: Date;
  @ApiProperty({ format: 'date-time' }) updatedAt: Date;
}

export class AccountLinkDto {
  @ApiProperty({
    example: 'https://connect.stripe.com/setup/e/acct_1PgafTB7WZ01zgkW/MerI6itPZo2K',
    maxLength: 2048,
    description:
      "Single-use, short-lived: send the owner there now, never store it. The sandbox's link is its own page " +
      '(POST /api/v1/payment/sandbox/connect/accounts/{accountId}/onboarding with the `link` parameter)',
  })
  url: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date-time',
    description: 'When the link stops working (null for a dashboard link)',
  })
  expiresAt: Date | null;
}

export class SandboxOnboardingDto {
  @ApiProperty({
    example: 'acctlink_sb_0123.c2VjcmV0c2VjcmV0c2VjcmV0',
    description: "The `link` parameter of the onboarding link's URL (it proves the owner)",
  })
  @IsString()
  @Length(10, 200)
  @Matches(/^[A-Za-z0-9_.-]+$/, { message: 'link must be the link parameter of an onboarding URL' })
  link: string;

  @ApiProperty({
    enum: ['complete', 'abandon'],
    example: 'complete',
    description: "The sandbox form's two buttons: submit everything Stripe asks, or leave",
  })
  @IsIn(['complete', 'abandon'])
  outcome: 'complete' | 'abandon';
}

export class SandboxOnboardingResultDto {
  @ApiProperty({ type: ConnectAccountDto, description: 'The account as the owner now sees it' })
  account: ConnectAccountDto;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'http://localhost:3000/account/payouts/onboarding/return',
    description: 'Where Stripe would send the owner back (the return URL, or the refresh URL when abandoned)',
  })
  redirectUrl: string | null;
}
