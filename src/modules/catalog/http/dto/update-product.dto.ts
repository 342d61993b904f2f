import { ApiPropertyOptional } from '@nestjs/swagger';
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
import { TAG_PATTERN, trimEach } from './create-product.dto';
import { AddressInputDto, ImageInputDto, PricingChangesDto, RulesInputDto } from './product-parts.dto';
import { IsSpecifications } from './specifications.validator';
import { Omittable, trim } from './validation';

/**
 * Every field optional. Omitted fields stay; `pricing` and `rules` change only the members given;
 * `tags`, `images`, `specifications` and `address` are replaced as a whole.
 */
export class UpdateProductDto {
  @ApiPropertyOptional({
    example: 'Cordless drill Makita 18V',
    minLength: 3,
    maxLength: LIMITS.titleLength[1],
  })
  @Omittable()
  @Transform(trim)
  @IsString()
  @Length(LIMITS.titleLength[0], LIMITS.titleLength[1])
  title?: string;

  @ApiPropertyOptional({ maxLength: LIMITS.descriptionMaxLength })
  @Omittable()
  @Transform(trim)
  @IsString()
  @MaxLength(LIMITS.descriptionMaxLength)
  description?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @Omittable()
  @IsUuid()
  categoryId?: string;

  @ApiPropertyOptional({ type: [String], maxItems: LIMITS.tags, example: ['makita', 'drill'] })
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

  @ApiPropertyOptional({ type: [ImageInputDto], maxItems: LIMITS.images })
  @Omittable()
  @IsArray()
  @ArrayMaxSize(LIMITS.images)
  @ValidateNested({ each: true })
  @Type(() => ImageInputDto)
  images?: ImageInputDto[];

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { voltage: '18 V' } })
  @Omittable()
  @IsObject()
  @IsSpecifications()
  specifications?: JsonObject;

  @ApiPropertyOptional({ enum: CONDITIONS, enumName: 'ProductCondition' })
  @Omittable()
  @IsIn(CONDITIONS)
  condition?: Condition;

  @ApiPropertyOptional({ type: AddressInputDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressInputDto)
  address?: AddressInputDto;

  @ApiPropertyOptional({ type: PricingChangesDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => PricingChangesDto)
  pricing?: PricingChangesDto;

  @ApiPropertyOptional({ type: RulesInputDto })
  @Omittable()
  @IsObject()
  @ValidateNested()
  @Type(() => RulesInputDto)
  rules?: RulesInputDto;

  @ApiPropertyOptional({
    enum: OWNER_SETTABLE_STATUSES,
    enumName: 'ProductOwnerSettableStatus',
    description:
      'active publishes the listing, or resubmits a hidden one (it then awaits approval, pending_approval); ' +
      'a first publication also awaits approval when LISTINGS_REQUIRE_APPROVAL is on',
  })
  @Omittable()
  @IsIn(OWNER_SETTABLE_STATUSES)
  status?: OwnerSettableStatus;
}
