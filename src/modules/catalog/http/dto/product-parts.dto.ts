import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsISO4217CurrencyCode,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsString,
  IsUrl,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { CancellationPolicyName } from '../../contracts/catalog-api';
import { CANCELLATION_POLICIES, LIMITS } from '../../domain/product-rules';
import { MinorUnits, Nullable, Omittable, trim, upper } from './validation';

export class ImageInputDto {
  @ApiProperty({ example: 'https://images.example.com/drill-1.jpg', maxLength: LIMITS.urlMaxLength })
  @IsString()
  @MaxLength(LIMITS.urlMaxLength)
  @IsUrl(
    { protocols: ['https'], require_protocol: true, require_tld: true },
    { message: 'url must be an https URL' },
  )
  url: string;

  @ApiPropertyOptional({
    example: 'The drill with its two batteries',
    maxLength: LIMITS.imageAltMaxLength,
    nullable: true,
  })
  @Nullable()
  @Transform(trim)
  @IsString()
  @MaxLength(LIMITS.imageAltMaxLength)
  alt?: string | null;
}

export class AddressInputDto {
  @ApiPropertyOptional({ example: 'Rua Augusta 100', maxLength: 200, nullable: true })
  @Nullable()
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  street?: string | null;

  @ApiProperty({ example: 'Lisbon', maxLength: 100 })
  @Transform(trim)
  @IsString()
  @Length(1, 100)
  city: string;

  @ApiProperty({ example: 'PT', description: 'ISO 3166-1 alpha-2' })
  @Transform(upper)
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code' })
  country: string;

  @ApiPropertyOptional({
    example: 38.7139,
    minimum: -90,
    maximum: 90,
    nullable: true,
    description: 'Give lat and lng together',
  })
  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLatitude()
  lat?: number | null;

  @ApiPropertyOptional({ example: -9.1394, minimum: -180, maximum: 180, nullable: true })
  @Nullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsLongitude()
  lng?: number | null;
}

export class PricingInputDto {
  @ApiProperty({ example: 2500, minimum: 1, maximum: LIMITS.maxPrice, description: 'Minor units per day' })
  @MinorUnits('dailyPrice', 1)
  dailyPrice: number;

  @ApiPropertyOptional({
    example: 14000,
    minimum: 1,
    nullable: true,
    description: 'Price of 7 consecutive days, at most 7 × dailyPrice',
  })
  @Nullable()
  @MinorUnits('weeklyPrice', 1)
  weeklyPrice?: number | null;

  @ApiPropertyOptional({ example: 10000, minimum: 0, default: 0, description: 'Refundable deposit' })
  @Omittable()
  @MinorUnits('deposit', 0)
  deposit?: number;

  @ApiProperty({ example: 'EUR', description: 'ISO 4217' })
  @Transform(upper)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency: string;
}

/** The same members, each optional: given ones replace the stored ones. */
export class PricingChangesDto {
  @ApiPropertyOptional({ example: 2500, minimum: 1, maximum: LIMITS.maxPrice })
  @Omittable()
  @MinorUnits('dailyPrice', 1)
  dailyPrice?: number;

  @ApiPropertyOptional({ example: 14000, minimum: 1, nullable: true, description: 'null removes it' })
  @Nullable()
  @MinorUnits('weeklyPrice', 1)
  weeklyPrice?: number | null;

  @ApiPropertyOptional({ example: 10000, minimum: 0 })
  @Omittable()
  @MinorUnits('deposit', 0)
  deposit?: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217' })
  @Omittable()
  @Transform(upper)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency?: string;
}

/** The tiers as the README's table gives them; rental's domain/cancellation-policy.ts applies them. */
export const CANCELLATION_POLICY_DESCRIPTION =
  'What a renter who cancels an accepted rental gets back of the subtotal, by time before the start ' +
  '(00:00 UTC of startDate): flexible, 100% until 24 h before, then 50%; moderate, 100% until 5 days ' +
  'before, 50% until 24 h before, then nothing; strict, 50% until 7 days before, then nothing. The ' +
  'platform fee is kept. An owner cancelling, and any cancellation before acceptance, refund everything. ' +
  'Fixed on each rental when it is requested: a change applies to later requests only.';

export class RulesInputDto {
  @ApiPropertyOptional({ example: 1, minimum: 1, maximum: 365, default: 1 })
  @Omittable()
  @IsInt()
  @Min(LIMITS.minDays)
  @Max(LIMITS.maxDays)
  minDays?: number;

  @ApiPropertyOptional({
    example: 30,
    minimum: 1,
    maximum: 365,
    default: 30,
    description: 'At least minDays',
  })
  @Omittable()
  @IsInt()
  @Min(LIMITS.minDays)
  @Max(LIMITS.maxDays)
  maxDays?: number;

  @ApiPropertyOptional({
    example: 1,
    minimum: 0,
    maximum: 90,
    default: 0,
    description: 'Notice before a start',
  })
  @Omittable()
  @IsInt()
  @Min(LIMITS.leadTimeDays[0])
  @Max(LIMITS.leadTimeDays[1])
  leadTimeDays?: number;

  @ApiPropertyOptional({
    example: 1,
    minimum: 0,
    maximum: 30,
    default: 0,
    description: 'Kept free between rentals',
  })
  @Omittable()
  @IsInt()
  @Min(LIMITS.bufferDays[0])
  @Max(LIMITS.bufferDays[1])
  bufferDays?: number;

  @ApiPropertyOptional({
    enum: CANCELLATION_POLICIES,
    enumName: 'CancellationPolicy',
    example: 'moderate',
    default: 'flexible',
    description: CANCELLATION_POLICY_DESCRIPTION,
  })
  @Omittable()
  @IsIn(CANCELLATION_POLICIES)
  cancellationPolicy?: CancellationPolicyName;
}
