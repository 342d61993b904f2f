import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsNumber,
  IsString,
  Length,
  Matches,
  MaxLength,
  Max,
  Min,
} from 'class-validator';
import { EXAMPLE_STAY, exampleDay } from '../../../../platform/http/example-dates';
import { IsUuid } from '../../../../platform/http/uuid';
import { PageQueryDto } from '../../../../platform/http/pagination';
import type { ProductStatus } from '../../contracts/catalog-api';
import { PRODUCT_STATUSES } from '../../domain/listing-status';
import type { SearchSort } from '../../domain/search-rules';
import { SEARCH_LIMITS, SEARCH_SORTS } from '../../domain/search-rules';
import { Omittable, trim, upper } from './validation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** `tags=a,b` and `tags=a&tags=b` both give ['a', 'b']. */
const toList = ({ value }: { value: unknown }) =>
  (Array.isArray(value) ? value : [value])
    .flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]))
    .map((v) => (typeof v === 'string' ? v.trim() : v))
    .filter((v) => v !== '');

export class SearchProductsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 'cordless drill',
    maxLength: SEARCH_LIMITS.qMaxLength,
    description:
      'Full text over title, tags and description (web-search syntax), tolerant of typos in titles',
  })
  @Omittable()
  @Transform(trim)
  @IsString()
  @Length(1, SEARCH_LIMITS.qMaxLength)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'This category and all its subcategories' })
  @Omittable()
  @IsUuid()
  categoryId?: string;

  @ApiPropertyOptional({
    type: [String],
    example: 'makita,cordless',
    description: 'Comma-separated or repeated; products carrying every one of them (case-insensitive)',
  })
  @Omittable()
  @Transform(toList)
  @ArrayMaxSize(SEARCH_LIMITS.tags)
  @IsString({ each: true })
  @Length(1, 30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ example: 1000, minimum: 0, description: 'Daily price, minor units; needs currency' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  minPrice?: number;

  @ApiPropertyOptional({ example: 5000, minimum: 0, description: 'Daily price, minor units; needs currency' })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  maxPrice?: number;

  @ApiPropertyOptional({ example: 'EUR', description: 'ISO 4217; only products priced in it' })
  @Omittable()
  @Transform(upper)
  @IsISO4217CurrencyCode({ message: 'currency must be an ISO 4217 code' })
  currency?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "One owner's products. With your own id you also see your drafts and paused products",
  })
  @Omittable()
  @IsUuid()
  ownerId?: string;

  @ApiPropertyOptional({
    enum: PRODUCT_STATUSES,
    description:
      'Only with ownerId set to your own id (others only ever see active products); pending_approval and hidden are listings under moderation',
  })
  @Omittable()
  @IsIn(PRODUCT_STATUSES)
  status?: ProductStatus;

  @ApiPropertyOptional({ example: '38.7223,-9.1393', description: '`lat,lng` to search around' })
  @Omittable()
  @IsString()
  @MaxLength(64)
  @Matches(/^\s*-?\d{1,2}(\.\d+)?\s*,\s*-?\d{1,3}(\.\d+)?\s*$/, { message: 'near must be "lat,lng"' })
  near?: string;

  @ApiPropertyOptional({
    example: 10,
    minimum: 0.1,
    maximum: SEARCH_LIMITS.maxRadiusKm,
    default: SEARCH_LIMITS.defaultRadiusKm,
    description: 'Radius around `near`, km',
  })
  @Omittable()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(SEARCH_LIMITS.maxRadiusKm)
  radiusKm?: number;

  @ApiPropertyOptional({
    example: exampleDay(EXAMPLE_STAY.start),
    format: 'date',
    description: 'With availableTo: only products that can be rented for exactly this stay',
  })
  @Omittable()
  @Matches(DATE, { message: 'availableFrom must be a date YYYY-MM-DD' })
  availableFrom?: string;

  @ApiPropertyOptional({
    example: exampleDay(EXAMPLE_STAY.end),
    format: 'date',
    description: 'The return day (exclusive)',
  })
  @Omittable()
  @Matches(DATE, { message: 'availableTo must be a date YYYY-MM-DD' })
  availableTo?: string;

  @ApiPropertyOptional({
    enum: SEARCH_SORTS,
    description: 'Default: relevance with q, else distance with near, else newest. Ties break on id',
  })
  @Omittable()
  @IsIn(SEARCH_SORTS)
  sort?: SearchSort;
}
