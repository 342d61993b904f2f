import { ApiProperty } from '@nestjs/swagger';

export class ReviewerDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Ada' }) displayName: string;
  @ApiProperty({ nullable: true, type: String, format: 'uri', example: 'https://images.example.com/ada.jpg' })
  avatarUrl: string | null;
}

export class ProductReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) rentalId: string | null;
  @ApiProperty({
    type: ReviewerDto,
    nullable: true,
    description: "Null when the account is suspended; displayName 'Deleted user' once it was erased",
  })
  reviewer: ReviewerDto | null;
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) rating: number;
  @ApiProperty({ nullable: true, type: String, example: 'Powerful and well kept' }) title: string | null;
  @ApiProperty({ example: 'Drilled through concrete without trouble.' }) body: string;
  @ApiProperty({ description: "Tied to the reviewer's completed rental of the product" }) verified: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ProductReviewPageDto {
  @ApiProperty({ type: [ProductReviewDto], description: 'Newest first' }) items: ProductReviewDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 42 }) total: number;
}

export class SubmittedUserReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rentalId: string;
  @ApiProperty({ format: 'uuid' }) productId: string;
  @ApiProperty({ format: 'uuid' }) reviewerId: string;
  @ApiProperty({ format: 'uuid' }) revieweeId: string;
  @ApiProperty({ enum: ['renter', 'owner'] }) role: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) rating: number;
  @ApiProperty({ example: 'Friendly and punctual.' }) body: string;
  @ApiProperty({
    enum: ['hidden', 'published'],
    description: 'Double-blind: hidden until the other party reviews too or the window closes',
  })
  status: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) visibleAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'Published by then at the latest' })
  windowClosesAt: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class UserReviewDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) rentalId: string;
  @ApiProperty({
    type: ReviewerDto,
    nullable: true,
    description: "Null when the account is suspended; displayName 'Deleted user' once it was erased",
  })
  reviewer: ReviewerDto | null;
  @ApiProperty({ format: 'uuid' }) revieweeId: string;
  @ApiProperty({ enum: ['renter', 'owner'], description: "The reviewee's role in that rental" }) role: string;
  @ApiProperty({ minimum: 1, maximum: 5, example: 4 }) rating: number;
  @ApiProperty({ example: 'Friendly and punctual.' }) body: string;
  @ApiProperty({ format: 'date-time' }) publishedAt: string;
}

export class UserReviewPageDto {
  @ApiProperty({ type: [UserReviewDto], description: 'Newest first' }) items: UserReviewDto[];
  @ApiProperty({ example: 1 }) page: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 7 }) total: number;
}

export class RatingDistributionDto {
  @ApiProperty({ name: '1', example: 0 }) '1': number;
  @ApiProperty({ name: '2', example: 1 }) '2': number;
  @ApiProperty({ name: '3', example: 2 }) '3': number;
  @ApiProperty({ name: '4', example: 10 }) '4': number;
  @ApiProperty({ name: '5', example: 29 }) '5': number;
}

export class RatingSummaryDto {
  @ApiProperty({ example: 42 }) count: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    example: 4.6,
    description: 'Two decimals; null with no reviews',
  })
  average: number | null;
  @ApiProperty({ type: RatingDistributionDto }) distribution: RatingDistributionDto;
}

export class ProductReviewStatsDto extends RatingSummaryDto {
  @ApiProperty({ format: 'uuid' }) productId: string;
}

export class UserReviewStatsDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: RatingSummaryDto, description: 'Reviews written by owners about this user' })
  asRenter: RatingSummaryDto;
  @ApiProperty({ type: RatingSummaryDto, description: 'Reviews written by renters about this user' })
  asOwner: RatingSummaryDto;
  @ApiProperty({ type: RatingSummaryDto, description: 'Both roles together' }) overall: RatingSummaryDto;
}
