import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { BILLING_CYCLES } from '../../domain/billing';

export class CreateSubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  planId: string;

  @ApiProperty({ enum: BILLING_CYCLES, example: 'monthly' })
  @IsIn(BILLING_CYCLES)
  billingCycle: 'monthly' | 'yearly';

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A payment method of the caller; default: their default one',
  })
  @IsOptional()
  @IsUuid()
  paymentMethodId?: string;
}

export class ChangePlanDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  planId: string;

  @ApiProperty({ enum: BILLING_CYCLES, example: 'yearly' })
  @IsIn(BILLING_CYCLES)
  billingCycle: 'monthly' | 'yearly';
}

export class CancelSubscriptionDto {
  @ApiPropertyOptional({
    default: true,
    description: 'true: keep the plan until the paid period ends; false: end it now (no refund)',
  })
  @IsOptional()
  @IsBoolean()
  atPeriodEnd?: boolean;
}

export class PlanRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'basic' }) code: string;
  @ApiProperty({ example: 'Basic' }) name: string;
}

export class ChargeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['initial', 'renewal', 'change'] }) kind: string;
  @ApiProperty({ example: 999 }) amount: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ enum: ['pending', 'paid', 'void'] }) status: string;
  @ApiProperty({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'While pending: confirm it with POST /payment/payment-intents/{id}/confirm',
  })
  paymentIntentId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PendingChangeDto {
  @ApiProperty({ type: PlanRefDto }) plan: PlanRefDto;
  @ApiProperty({ enum: BILLING_CYCLES }) billingCycle: string;
  @ApiProperty({ type: ChargeDto }) charge: ChargeDto;
}

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PlanRefDto }) plan: PlanRefDto;
  @ApiProperty({ enum: BILLING_CYCLES }) billingCycle: string;
  @ApiProperty({ enum: ['incomplete', 'active', 'past_due', 'canceled'] }) status: string;
  @ApiProperty({ example: 999, description: 'Price per billing cycle, minor units' }) price: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
  @ApiProperty({ format: 'date-time' }) currentPeriodStart: string;
  @ApiProperty({ format: 'date-time' }) currentPeriodEnd: string;
  @ApiProperty({ example: false }) cancelAtPeriodEnd: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) canceledAt: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ example: 0, description: 'Proration credit, spent by later charges before the card' })
  creditBalance: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) paymentMethodId: string | null;
  @ApiProperty({ type: ChargeDto, nullable: true }) latestCharge: ChargeDto | null;
  @ApiProperty({ type: PendingChangeDto, nullable: true }) pendingChange: PendingChangeDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionDto] }) items: SubscriptionDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 1 }) total: number;
}

export class UsageCounterDto {
  @ApiProperty({ example: 3 }) used: number;
  @ApiProperty({ example: 5, nullable: true, type: Number, description: 'null: unlimited' }) limit:
    number | null;
  @ApiProperty({ example: 2, nullable: true, type: Number }) remaining: number | null;
}

export class UsageDto {
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) subscriptionId: string | null;
  @ApiProperty({ type: PlanRefDto }) plan: PlanRefDto;
  @ApiProperty({ format: 'date-time' }) periodStart: string;
  @ApiProperty({ format: 'date-time' }) periodEnd: string;
  @ApiProperty({ type: UsageCounterDto, description: 'Active listings now' }) listings: UsageCounterDto;
  @ApiProperty({ type: UsageCounterDto, description: 'Rentals accepted as owner in this period' })
  rentals: UsageCounterDto;
}
