import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsUuid } from '../../../../platform/http/uuid';
import { PageQueryDto } from '../../../../platform/http/pagination';
import type { ReviewRole } from '../../domain/review-eligibility';

const NOT_BLANK = /\S/;
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class CreateProductReviewDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  productId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Your completed rental of this product: the review is then `verified`',
  })
  @IsOptional()
  @IsUuid()
  rentalId?: string;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiPropertyOptional({ example: 'Powerful and well kept', maxLength: 120 })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title?: string;

  @ApiProperty({
    example: 'Drilled through concrete without trouble; both batteries lasted all day.',
    maxLength: 4000,
  })
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;
}

export class CreateUserReviewDto {
  @ApiProperty({ format: 'uuid', description: 'A completed rental you took part in' })
  @IsUuid()
  rentalId: string;

  @ApiProperty({ format: 'uuid', description: 'The other person of the rental' })
  @IsUuid()
  revieweeId: string;

  @ApiProperty({
    enum: ['renter', 'owner'],
    example: 'renter',
    description: "The reviewee's role in the rental: a renter reviews the `owner`, an owner the `renter`",
  })
  @IsIn(['renter', 'owner'])
  role: ReviewRole;

  @ApiProperty({ minimum: 1, maximum: 5, example: 5 })
  @IsInt()
  @Min(1)
  @Max(5)
  rating: number;

  @ApiProperty({ example: 'Returned the tent clean and on time. Would rent to again.', maxLength: 4000 })
  @IsString()
  @Length(1, 4000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body: string;
}

export class ProductReviewsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUuid()
  productId: string;

  @ApiPropertyOptional({
    type: Boolean,
    description: 'Only verified (true) or only unverified (false) reviews',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  verified?: boolean;
}

export class UserReviewsQueryDto extends PageQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The reviewee' })
  @IsUuid()
  userId: string;

  @ApiPropertyOptional({ enum: ['renter', 'owner'], description: 'Reviews of the user in this role only' })
  @IsOptional()
  @IsIn(['renter', 'owner'])
  role?: ReviewRole;
}
