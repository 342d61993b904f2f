import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, OptionalAuth, OptionalUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ProductCalendarService } from '../application/product-calendar.service';
import { BlockDto, BlockListDto, CalendarDto } from './dto/rental.response';
import { CalendarQueryDto, CreateBlockDto } from './dto/stay.dto';

@ApiTags('rental')
@Controller('products/:productId')
export class ProductCalendarController {
  constructor(private readonly calendars: ProductCalendarService) {}

  @Get('calendar')
  @OptionalAuth()
  @ApiOperation({
    operationId: 'rental_getCalendar',
    summary: "A product's unavailable ranges",
    description:
      'No account needed for listed products (a draft or paused product is visible to its owner only); ranges only, never who booked. `booked` ranges are rentals that hold the dates ' +
      "(requested, accepted or active) including the owner's buffer days; `blocked` ones the owner keeps. " +
      'Dates are [start, end) calendar days.',
  })
  @ApiOkResponse({ type: CalendarDto })
  @ApiProblems(404, 422)
  calendar(
    @Param('productId', UuidParamPipe) productId: string,
    @Query() query: CalendarQueryDto,
    @OptionalUser() viewer: AuthUser | undefined,
  ): Promise<CalendarDto> {
    return this.calendars.calendar(productId, query, viewer?.id);
  }

  @Get('blocks')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'rental_listBlocks',
    summary: "The owner's current blocks on their product",
    description: "Only the product's owner; anyone else gets 404.",
  })
  @ApiOkResponse({ type: BlockListDto })
  @ApiProblems(401, 404)
  async listBlocks(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
  ): Promise<BlockListDto> {
    return { items: await this.calendars.listBlocks(user.id, productId) };
  }

  @Post('blocks')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'rental_createBlock',
    summary: 'Block dates for the owner’s own use',
    description:
      "Only the product's owner (others: 404). [startDate, endDate) must not start in the past and must not " +
      'overlap a holding rental (with its buffer days) or another block: 409 `RENTAL.OVERLAP` with `conflicts`.',
  })
  @ApiCreatedResponse({ type: BlockDto })
  @ApiProblems(401, 404, 409, 422)
  createBlock(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Body() body: CreateBlockDto,
  ): Promise<BlockDto> {
    return this.calendars.createBlock(user.id, productId, {
      startDate: body.startDate,
      endDate: body.endDate,
      reason: body.reason || null,
    });
  }

  @Delete('blocks/:blockId')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'rental_deleteBlock',
    summary: 'Free blocked dates again',
    description: "Only the product's owner (others: 404).",
  })
  @ApiNoContentResponse({ description: 'The block is gone' })
  @ApiProblems(401, 404)
  async deleteBlock(
    @CurrentUser() user: AuthUser,
    @Param('productId', UuidParamPipe) productId: string,
    @Param('blockId', UuidParamPipe) blockId: string,
  ): Promise<void> {
    await this.calendars.deleteBlock(user.id, productId, blockId);
  }
}
