import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { Page } from '../../../platform/http/pagination';
import type { SubmittedUserReviewView, UserReviewView } from '../application/user-reviews.service';
import { UserReviewsService } from '../application/user-reviews.service';
import { CreateUserReviewDto, UserReviewsQueryDto } from './dto/review.request';
import { SubmittedUserReviewDto, UserReviewPageDto } from './dto/review.response';

@ApiTags('review')
@Controller('review/user-reviews')
export class UserReviewsController {
  constructor(private readonly reviews: UserReviewsService) {}

  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'review_createUserReview',
    summary: 'Review the other person of a completed rental',
    description:
      'The renter reviews the owner (role `owner`) and the owner the renter (role `renter`), within 14 days ' +
      'of completion; one review per rental and direction (409 on a second). Double-blind: the review ' +
      'stays hidden until the other one is written (both are then published) or the window closes.',
  })
  @ApiCreatedResponse({ type: SubmittedUserReviewDto })
  @ApiProblems(400, 401, 404, 409, 422, 429)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateUserReviewDto): Promise<SubmittedUserReviewView> {
    return this.reviews.submit(user.id, {
      ...body,
      rentalId: body.rentalId.toLowerCase(),
      revieweeId: body.revieweeId.toLowerCase(),
    });
  }

  @Public()
  @Get()
  @ApiOperation({
    operationId: 'review_listUserReviews',
    summary: 'Published reviews about a user, newest first',
    description: 'Reviews still hidden by the double-blind rule are not listed.',
  })
  @ApiOkResponse({ type: UserReviewPageDto })
  @ApiProblems(422)
  list(@Query() query: UserReviewsQueryDto): Promise<Page<UserReviewView>> {
    return this.reviews.list(query.userId.toLowerCase(), query.role, query.page, query.limit);
  }
}
