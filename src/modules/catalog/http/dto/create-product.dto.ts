import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsObject,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import type { Condition } from '../../domain/product-rules';
import type { JsonObject } from '../../domain/specifications';
import type { OwnerSettableStatus } from '../../domain/listing-status';
import { OWNER_SETTABLE_STATUSES } from '../../domain/listing-status';
import { CONDITIONS, LIMITS } from '../../domain/product-rules';
import { AddressInputDto, ImageInputDto, PricingInputDto, RulesInputDto } from './product-parts.dto';
import { IsSpecifications } from './specifications.validator';
import { Omittable, trim } from './validation';

export const TAG_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} &'+._-]*$/u;
export const trimEach = ({ value }: { value: unknown }) =>
  Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim() : v)) : value;

export class CreateProductDto {
  @ApiProperty({ example: 'Cordless drill Makita 18V', minLength: 3, maxLength: LIMITS.titleLength[1] })
  @Transform(trim)
  @IsString()
  @Length(LIMITS.titleLength[0], LIMITS.titleLength[1])
  title: string;

  @ApiProperty({
    example: 'Two batteries, charger and a case of bits. Great for shelves and furniture.',
    maxLength: LIMITS.descriptionMaxLength,
  })
  @Transform(trim)
  @IsString()
  @MaxLength(LIMITS.descriptionMaxLength)
  description: string;

  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  categoryId: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['makita', 'cordless', 'drill'],
    maxItems: LIMITS.tags,
    description: 'Free labels, 1–30 characters; matched case-insensitively, created on first use',
  })
  @Omittable()
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(LIMITS.tags)
  @IsString({ each: true })
  @Length(LIMITS.tagLength[0], LIMITS.tagLength[1], { each: true })
  @Matches(TAG_PATTERN, {
    each: true,
    message:
      "each tag must start with a letter or digit and hold only letters, digits, spaces and & ' + . _ -",
  })
  tags?: string[];

  @ApiPropertyOptional({
    type: [ImageInputDto],
    maxItems: LIMITS.images,
    description: 'In display order; the first is the cover',
  })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(LIMITS.images)
  @ValidateNested({ each: true })
  @Type(() => ImageInputDto)
  images?: ImageInputDto[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { brand: 'Makita', voltage: '18 V', batteries: 2 },
    description: 'Free JSON object: at most 8 KB, 50 keys, one level of nested objects',
  })
  @Omittable()
  @IsObject()
  @IsSpecifications()
  specifications?: JsonObject;

  @ApiProperty({ enum: CONDITIONS, enumName: 'ProductCondition', example: 'good' })
  @IsIn(CONDITIONS)
  condition: Condition;

  @ApiProperty({ type: AddressInputDto, description: 'Where the renter picks the thing up' })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressInputDto)
  address: AddressInputDto;

  @ApiProperty({ type: PricingInputDto })
  @IsObject({ message: 'pricing must be an object' })
  @ValidateNested()
  @Type(() => PricingInputDto)
  pricing: PricingInputDto;

  @ApiPropertyOptional({ type: RulesInputDto })
  @Omittable()
  @IsObject({ message: 'rules must be an object' })
  @ValidateNested()
  @Type(() => RulesInputDto)
  rules?: RulesInputDto;

  @ApiPropertyOptional({
    enum: OWNER_SETTABLE_STATUSES,
    enumName: 'ProductOwnerSettableStatus',
    default: 'draft',
    description:
      'active publishes the listing, or puts it in pending_approval when listings need approval (LISTINGS_REQUIRE_APPROVAL)',
  })
  @Omittable()
  @IsIn(OWNER_SETTABLE_STATUSES)
  status?: OwnerSettableStatus;
}
