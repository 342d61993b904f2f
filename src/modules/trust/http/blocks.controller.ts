import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { BlockPage, BlockView } from '../application/blocks.service';
import { BlocksService } from '../application/blocks.service';
import { BlocksQueryDto, UserBlockDto, UserBlockPageDto } from './dto/block.dto';

const WHAT_A_BLOCK_DOES =
  'While either of two people has blocked the other, neither can open a conversation with the other, ' +
  'post in one, or request a rental of the other’s things: the one who blocked is told so (403 ' +
  'MESSAGING.BLOCKED, RENTAL.BLOCKED), the other never (to them the product, rental or conversation is ' +
  'simply unavailable: 404, or 409 RENTAL.PRODUCT_NOT_RENTABLE); their conversations leave both inboxes (and answer 404) and ' +
  'their listings leave each other’s search results. Rentals already made run to their end. ' +
  'Lifting the block restores everything as it was.';

@ApiTags('trust')
@ApiBearerAuth()
@Controller('trust/blocks')
export class BlocksController {
  constructor(private readonly blocks: BlocksService) {}

  @Put(':userId')
  @ApiOperation({
    operationId: 'trust_blockUser',
    summary: 'Block a user',
    description:
      `${WHAT_A_BLOCK_DOES} Idempotent: blocking someone already blocked answers the standing block ` +
      '(its first `blockedAt`). Nobody can block themselves (422 TRUST.CANNOT_BLOCK_SELF); an unknown, ' +
      'erased or suspended user is a 404. The blocked person is not told.',
  })
  @ApiOkResponse({ type: UserBlockDto })
  @ApiProblems(401, 404, 422)
  block(@CurrentUser() user: AuthUser, @Param('userId', UuidParamPipe) userId: string): Promise<BlockView> {
    return this.blocks.block(user.id, userId);
  }

  @Delete(':userId')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'trust_unblockUser',
    summary: 'Lift a block',
    description:
      'Idempotent: lifting a block that is not there (or was never made) is a 204 that changes nothing. ' +
      'Conversations and search results between the two come back as they were.',
  })
  @ApiNoContentResponse({ description: 'The user is not blocked (any more)' })
  // 404 is documented with every path id; here it is never sent, as lifting is idempotent.
  @ApiProblems(401, 404, 422)
  async unblock(
    @CurrentUser() user: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.blocks.unblock(user.id, userId);
  }

  @Get()
  @ApiOperation({
    operationId: 'trust_listBlocks',
    summary: 'The people the caller blocked, newest first',
    description:
      'Only the caller’s own blocks: nobody can learn who blocked them. Keyset pagination on ' +
      '(blockedAt, userId): pass nextCursor as `cursor` for older ones.',
  })
  @ApiOkResponse({ type: UserBlockPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: BlocksQueryDto): Promise<BlockPage> {
    return this.blocks.list(user.id, query.cursor, query.limit);
  }
}
