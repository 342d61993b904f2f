import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ReviewStatsService } from '../application/review-stats.service';
import { ProductReviewStatsDto, UserReviewStatsDto } from './dto/review.response';

@ApiTags('review')
@Public()
@Controller('review')
export class ReviewStatsController {
  constructor(private readonly stats: ReviewStatsService) {}

  @Get('products/:id/review-stats')
  @ApiOperation({
    operationId: 'review_getProductReviewStats',
    summary: "A product's rating: count, average and distribution",
    description: 'Public. Kept incrementally as reviews are written; the average has two decimals.',
  })
  @ApiOkResponse({ type: ProductReviewStatsDto })
  @ApiProblems(404)
  product(@Param('id', UuidParamPipe) id: string): ReturnType<ReviewStatsService['forProduct']> {
    return this.stats.forProduct(id);
  }

  @Get('users/:id/review-stats')
  @ApiOperation({
    operationId: 'review_getUserReviewStats',
    summary: "A user's ratings as renter, as owner and overall",
    description: 'Only published reviews count: hidden double-blind reviews are not included.',
  })
  @ApiOkResponse({ type: UserReviewStatsDto })
  @ApiProblems(404)
  user(@Param('id', UuidParamPipe) id: string): ReturnType<ReviewStatsService['forUser']> {
    return this.stats.forUser(id);
  }
}
