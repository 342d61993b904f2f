import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { Page } from '../../../platform/http/pagination';
import type { ProductReviewView } from '../application/product-reviews.service';
import { ProductReviewsService } from '../application/product-reviews.service';
import { CreateProductReviewDto, ProductReviewsQueryDto } from './dto/review.request';
import { ProductReviewDto, ProductReviewPageDto } from './dto/review.response';

@ApiTags('review')
@Controller('review/product-reviews')
export class ProductReviewsController {
  constructor(private readonly reviews: ProductReviewsService) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'review_createProductReview',
    summary: 'Review a product',
    description:
      'Anyone but its owner may review a product. With `rentalId` (your completed rental of it, within ' +
      '14 days of completion) the review is `verified`. One review per rental; one unverified review per ' +
      'person and product (409 on a second). Public at once and counted in the product’s stats.',
  })
  @ApiCreatedResponse({ type: ProductReviewDto })
  @ApiProblems(400, 401, 404, 409, 422, 429)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateProductReviewDto): Promise<ProductReviewView> {
    return this.reviews.submit(user.id, body);
  }

  @Public()
  @Get()
  @ApiOperation({
    operationId: 'review_listProductReviews',
    summary: "A product's reviews, newest first",
    description: 'Public. `verified=true` keeps reviews tied to a completed rental of the product.',
  })
  @ApiOkResponse({ type: ProductReviewPageDto })
  @ApiProblems(404, 422)
  list(@Query() query: ProductReviewsQueryDto): Promise<Page<ProductReviewView>> {
    return this.reviews.list(query.productId.toLowerCase(), query.verified, query.page, query.limit);
  }
}
