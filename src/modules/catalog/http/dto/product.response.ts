import { ApiProperty } from '@nestjs/swagger';
import { ImageVariantsDto } from '../../../../platform/media/image-variants.dto';
import { PRODUCT_STATUSES } from '../../domain/listing-status';
import { CANCELLATION_POLICIES, CONDITIONS } from '../../domain/product-rules';
import { CANCELLATION_POLICY_DESCRIPTION } from './product-parts.dto';

export class OwnerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada' }) displayName: string;
  @ApiProperty({ nullable: true, type: String, example: 'https://images.example.com/ada.jpg' })
  avatarUrl: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Lisbon' }) city: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'PT' }) country: string | null;
  @ApiProperty({ format: 'date-time' }) memberSince: string;
}

export class CategoryRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Drills' }) name: string;
  @ApiProperty({ example: 'drills' }) slug: string;
}

export class ImageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({
    enum: ['url', 'upload'],
    enumName: 'ImageSource',
    description: '`url`: an external https image named in the product; `upload`: a photo uploaded here',
  })
  source: string;
  @ApiProperty({
    example: 'https://images.example.com/drill-1.jpg',
    description: "The external image, or an upload's full variant",
  })
  url: string;
  @ApiProperty({ nullable: true, type: String, example: 'The drill with its two batteries' }) alt:
    string | null;
  @ApiProperty({ example: 0, description: '0 is the cover image' }) position: number;
  @ApiProperty({
    type: ImageVariantsDto,
    nullable: true,
    description: "An upload's variants; null for external images",
  })
  variants: ImageVariantsDto | null;
}

export class CoverImageDto {
  @ApiProperty({
    example: 'https://images.example.com/drill-1.jpg',
    description: "The external image, or an upload's card variant",
  })
  url: string;
  @ApiProperty({ nullable: true, type: String, example: 'The drill' }) alt: string | null;
  @ApiProperty({
    type: ImageVariantsDto,
    nullable: true,
    description: "An upload's variants; null for external images",
  })
  variants: ImageVariantsDto | null;
}

export class AddressDto {
  @ApiProperty({ nullable: true, type: String, example: 'Rua Augusta 100' }) street: string | null;
  @ApiProperty({ example: 'Lisbon' }) city: string;
  @ApiProperty({ example: 'PT' }) country: string;
  @ApiProperty({ nullable: true, type: Number, example: 38.7139 }) lat: number | null;
  @ApiProperty({ nullable: true, type: Number, example: -9.1394 }) lng: number | null;
}

export class SummaryAddressDto {
  @ApiProperty({ example: 'Lisbon' }) city: string;
  @ApiProperty({ example: 'PT' }) country: string;
  @ApiProperty({ nullable: true, type: Number, example: 38.7139 }) lat: number | null;
  @ApiProperty({ nullable: true, type: Number, example: -9.1394 }) lng: number | null;
}

export class PricingDto {
  @ApiProperty({ example: 2500, description: 'Minor units per day' }) dailyPrice: number;
  @ApiProperty({ nullable: true, type: Number, example: 14000 }) weeklyPrice: number | null;
  @ApiProperty({ example: 10000 }) deposit: number;
  @ApiProperty({ example: 'EUR' }) currency: string;
}

export class RulesDto {
  @ApiProperty({ example: 1 }) minDays: number;
  @ApiProperty({ example: 30 }) maxDays: number;
  @ApiProperty({ example: 0 }) leadTimeDays: number;
  @ApiProperty({ example: 0 }) bufferDays: number;
  @ApiProperty({
    enum: CANCELLATION_POLICIES,
    enumName: 'CancellationPolicy',
    example: 'moderate',
    description: CANCELLATION_POLICY_DESCRIPTION,
  })
  cancellationPolicy: string;
}

export class RatingDto {
  @ApiProperty({ nullable: true, type: Number, example: 4.67, description: 'null until a review exists' })
  average: number | null;
  @ApiProperty({ example: 3 }) count: number;
}

export class ModerationDto {
  @ApiProperty({ enum: ['pending_approval', 'hidden'], enumName: 'ListingModerationStatus' }) status: string;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'The photos show a different item than the description.',
    description:
      "The moderator's reason for taking the listing down (while hidden, and while a resubmission awaits approval); null for a first publication awaiting approval",
  })
  reason: string | null;
  @ApiProperty({ format: 'date-time', description: 'When it was hidden, or submitted for approval' })
  at: string;
}

export class ProductDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ type: OwnerDto, nullable: true, description: "The owner's public view" })
  owner: OwnerDto | null;
  @ApiProperty({ example: 'Cordless drill Makita 18V' }) title: string;
  @ApiProperty({ example: 'Two batteries, charger and a case of bits.' }) description: string;
  @ApiProperty({ type: CategoryRefDto }) category: CategoryRefDto;
  @ApiProperty({ type: [String], example: ['Makita', 'cordless'] }) tags: string[];
  @ApiProperty({ type: [ImageDto] }) images: ImageDto[];
  @ApiProperty({ type: 'object', additionalProperties: true, example: { brand: 'Makita', voltage: '18 V' } })
  specifications: Record<string, unknown>;
  @ApiProperty({ enum: CONDITIONS, enumName: 'ProductCondition' }) condition: string;
  @ApiProperty({ type: AddressDto }) address: AddressDto;
  @ApiProperty({ type: PricingDto }) pricing: PricingDto;
  @ApiProperty({ type: RulesDto }) rules: RulesDto;
  @ApiProperty({
    enum: PRODUCT_STATUSES,
    enumName: 'ProductStatus',
    description:
      'Others only ever see active products; pending_approval (awaiting a moderator) and hidden (taken down by one) are seen by the owner alone',
  })
  status: string;
  @ApiProperty({
    type: ModerationDto,
    nullable: true,
    description: 'For the owner only, while the listing is hidden or awaits approval; null otherwise',
  })
  moderation: ModerationDto | null;
  @ApiProperty({ type: RatingDto }) rating: RatingDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ProductSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ownerId: string;
  @ApiProperty({ example: 'Cordless drill Makita 18V' }) title: string;
  @ApiProperty({ type: CategoryRefDto }) category: CategoryRefDto;
  @ApiProperty({ type: [String], example: ['Makita', 'cordless'] }) tags: string[];
  @ApiProperty({ type: CoverImageDto, nullable: true }) coverImage: CoverImageDto | null;
  @ApiProperty({ enum: CONDITIONS, enumName: 'ProductCondition' }) condition: string;
  @ApiProperty({ type: SummaryAddressDto }) address: SummaryAddressDto;
  @ApiProperty({ type: PricingDto }) pricing: PricingDto;
  @ApiProperty({ type: RulesDto }) rules: RulesDto;
  @ApiProperty({ enum: PRODUCT_STATUSES, enumName: 'ProductStatus' }) status: string;
  @ApiProperty({ type: RatingDto }) rating: RatingDto;
  @ApiProperty({ nullable: true, type: Number, example: 2.4, description: 'km from `near`; null without it' })
  distanceKm: number | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ProductPageDto {
  @ApiProperty({ type: [ProductSummaryDto] }) items: ProductSummaryDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 57, description: 'Matches across all pages' }) total: number;
}
