import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { AcceptsApiKey, CurrentUser, OptionalAuth, OptionalUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ProductCommands } from '../application/product-commands.service';
import { ProductReader } from '../application/product-reader';
import { ProductSearch } from '../application/product-search.service';
import type { Page } from '../../../platform/http/pagination';
import type { ProductSummary, ProductView } from '../application/product-view';
import { CreateProductDto } from './dto/create-product.dto';
import { ProductDto, ProductPageDto } from './dto/product.response';
import { SearchProductsQueryDto } from './dto/search-products.query';
import { UpdateProductDto } from './dto/update-product.dto';

@ApiTags('catalog')
@Controller('products')
export class ProductsController {
  constructor(
    private readonly commands: ProductCommands,
    private readonly reader: ProductReader,
    private readonly searcher: ProductSearch,
  ) {}

  @OptionalAuth()
  @AcceptsApiKey('listings:read')
  @Get()
  @ApiOperation({
    operationId: 'catalog_searchProducts',
    summary: 'Search products',
    description:
      'Active products of active owners, filtered and sorted; with ownerId set to your own id (and a token) your drafts and paused products too. ' +
      "availableFrom/availableTo (end exclusive) keep products bookable for exactly that stay: free of held rentals (with the owner's buffer days), within min/max days and lead time. " +
      'With a token, products of people the caller blocked or who blocked the caller are left out (a product page itself stays reachable by its URL; renting it or asking its owner is refused). ' +
      'An integrator’s API key with listings:read sees what an anonymous caller sees, under its own rate limit.',
  })
  @ApiOkResponse({ type: ProductPageDto })
  @ApiProblems(401, 422)
  search(
    @Query() query: SearchProductsQueryDto,
    @OptionalUser() user: AuthUser | undefined,
  ): Promise<Page<ProductSummary>> {
    return this.searcher.search(query, user?.id);
  }

  @Post()
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'catalog_createProduct',
    summary: 'List a thing for rent',
    description:
      'Status defaults to draft; an active product is listed (visible to others) at once, or, when listings need approval (LISTINGS_REQUIRE_APPROVAL), ' +
      'awaits a moderator as pending_approval (it holds a slot of the plan meanwhile). Listing needs a verified email: 403 IDENTITY.EMAIL_NOT_VERIFIED (the problem names the re-send route in `resend`).',
  })
  @ApiCreatedResponse({ type: ProductDto })
  @ApiProblems(400, 401, 403, 413, 422)
  create(@CurrentUser() user: AuthUser, @Body() body: CreateProductDto): Promise<ProductView> {
    return this.commands.create(user.id, body);
  }

  @OptionalAuth()
  @AcceptsApiKey('listings:read')
  @Get(':id')
  @ApiOperation({
    operationId: 'catalog_getProduct',
    summary: 'A product in detail',
    description:
      'Anyone sees active products of active owners; the owner (with a token) also sees drafts, paused ones and those under moderation ' +
      '(pending_approval, hidden), with `moderation` saying where it stands and, for a hidden one, why. ' +
      'A block between the caller and the owner hides the product from search results only: its page stays reachable by its URL. ' +
      'An integrator’s API key with listings:read sees what an anonymous caller sees.',
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(401, 404)
  get(
    @Param('id', UuidParamPipe) id: string,
    @OptionalUser() user: AuthUser | undefined,
  ): Promise<ProductView> {
    return this.reader.get(id, user?.id, 'replica');
  }

  @Put(':id')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'catalog_updateProduct',
    summary: 'Change a product (owner only)',
    description:
      "Omitted fields stay; pricing and rules change only the members given; tags, images, specifications and address are replaced whole. Another owner's product is 404. Activating needs a verified email: 403 IDENTITY.EMAIL_NOT_VERIFIED. " +
      'A listing a moderator hid can be edited and resubmitted with status active: it then awaits approval (pending_approval) and stays hidden from others until approved; ' +
      'draft or paused are refused for it (409 CATALOG.LISTING_TAKEN_DOWN). Edits alone never change the status.',
  })
  @ApiOkResponse({ type: ProductDto })
  @ApiProblems(400, 401, 403, 404, 409, 413, 422)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateProductDto,
  ): Promise<ProductView> {
    return this.commands.update(user.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'catalog_deleteProduct',
    summary: 'Delete a product (owner only, soft)',
    description:
      'Refused with 409 CATALOG.PRODUCT_HAS_UPCOMING_RENTALS, listing them in `rentals`, while accepted or ongoing rentals are still to come.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiProblems(401, 404, 409)
  async delete(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<void> {
    await this.commands.delete(user.id, id);
  }
}
