import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { ListingPage } from '../application/listing-moderation.service';
import { ListingModeration } from '../application/listing-moderation.service';
import type { ProductView } from '../application/product-view';
import { AdminListingPageDto, AdminListingsQueryDto, RejectListingDto } from './dto/admin-listings.dto';
import { ProductDto } from './dto/product.response';

const ONE_OUTCOME =
  'Decisions on one listing are taken one at a time: of two moderators acting at once, the second ' +
  'is told the listing no longer awaits approval (409 CATALOG.LISTING_NOT_AWAITING_APPROVAL, naming its `listingStatus`). ' +
  'Recorded in the audit log.';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/listings')
export class AdminListingsController {
  constructor(private readonly moderation: ListingModeration) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_listListings',
    summary: 'Listings awaiting approval, or hidden (admins)',
    description:
      'A listing awaits approval when its owner resubmitted it after a takedown, or published it for the first time ' +
      'while LISTINGS_REQUIRE_APPROVAL is on. Oldest first; keyset pages: pass nextCursor as `cursor`.',
  })
  @ApiOkResponse({ type: AdminListingPageDto })
  @ApiProblems(401, 403, 422)
  list(@Query() query: AdminListingsQueryDto): Promise<ListingPage> {
    return this.moderation.queue(query.status, query.cursor, query.limit);
  }

  @Post(':productId/approve')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_approveListing',
    summary: 'Approve a listing awaiting approval (admins)',
    description:
      'The listing becomes active (listed, rentable) and its owner may pause and reactivate it without approval ' +
      `from then on. A listing not awaiting approval is a 409; a deleted or unknown one a 404; an admin's own ` +
      `listing is for another admin (422 CATALOG.CANNOT_MODERATE_OWN). ${ONE_OUTCOME}`,
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(401, 403, 404, 409, 422)
  approve(
    @CurrentUser() admin: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
  ): Promise<ProductView> {
    return this.moderation.approve(admin, productId);
  }

  @Post(':productId/reject')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_rejectListing',
    summary: 'Reject a listing awaiting approval (admins)',
    description:
      'The listing is hidden with the reason given, which its owner sees; they may edit it and resubmit it. ' +
      `A listing not awaiting approval is a 409; a deleted or unknown one a 404; an admin's own listing is ` +
      `for another admin (422 CATALOG.CANNOT_MODERATE_OWN). ${ONE_OUTCOME}`,
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  reject(
    @CurrentUser() admin: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Body() body: RejectListingDto,
  ): Promise<ProductView> {
    return this.moderation.reject(admin, productId, body.reason);
  }
}
