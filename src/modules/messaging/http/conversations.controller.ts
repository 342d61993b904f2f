import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import type { Page } from '../../../platform/http/pagination';
import { PageQueryDto } from '../../../platform/http/pagination';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import type { ConversationView } from '../application/conversation-view';
import { ConversationsService } from '../application/conversations.service';
import type { ReadState } from '../application/messages.service';
import { MessagesService } from '../application/messages.service';
import { MessagingErrors } from '../domain/messaging.errors';
import type { MessageView } from '../persistence/message-row';
import { MarkReadDto } from './dto/mark-read.dto';
import {
  ConversationDto,
  ConversationPageDto,
  OpenedConversationDto,
  ReadStateDto,
} from './dto/messaging.response';
import { OpenConversationDto } from './dto/open-conversation.dto';

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('messaging/conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Post()
  @ApiOperation({
    operationId: 'messaging_openConversation',
    summary: 'Open a conversation about a rental or a product, with its first message',
    description:
      'Exactly one of rentalId (you are its renter or owner) or productId (an inquiry to its owner). ' +
      'An existing conversation is reused: one per rental, one open inquiry per person and product. ' +
      'Nobody can open one with themselves, nor with someone they blocked (403 `MESSAGING.BLOCKED`: lift ' +
      'the block first). Someone who blocked the caller is never named: to the caller the product or rental ' +
      "is not there (404), as a suspended owner's product is for an inquiry. A suspended or banned caller " +
      'cannot open one (403 ' +
      '`MESSAGING.ACCOUNT_RESTRICTED`). With an Idempotency-Key, a retry does not post the message twice.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: OpenedConversationDto })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  open(
    @CurrentUser() user: AuthUser,
    @Body() body: OpenConversationDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<ConversationView & { message: MessageView }> {
    const hasRental = body.rentalId !== undefined;
    if (hasRental === (body.productId !== undefined)) throw MessagingErrors.targetRequired();
    const target = hasRental
      ? { rentalId: body.rentalId as string }
      : { productId: body.productId as string };
    return this.conversations.open(user.id, target, body.message, key);
  }

  @Get()
  @ApiOperation({
    operationId: 'messaging_listConversations',
    summary: "The caller's conversations, newest activity first, with last message and unread count",
    description:
      'Each item names the other person and the product, and counts the messages after the caller’s read ' +
      'position that the caller did not write or cause. Conversations with someone the caller blocked, or ' +
      'who blocked the caller, are left out while the block lasts (and come back whole once it is lifted). ' +
      'Offset paging: `{ items, page, limit, total }`.',
  })
  @ApiOkResponse({ type: ConversationPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<Page<ConversationView>> {
    return this.conversations.list(user.id, query.page, query.limit);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'messaging_getConversation',
    summary: 'One of the caller’s conversations',
    description:
      'Only its two participants can see it; anyone else gets 404. So do both participants while either ' +
      'blocks the other: the conversation is hidden, not deleted, and comes back when the block is lifted.',
  })
  @ApiOkResponse({ type: ConversationDto })
  @ApiProblems(401, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<ConversationView> {
    return this.conversations.get(user.id, id);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'messaging_markConversationRead',
    summary: 'Mark the conversation read up to a message (default: the latest)',
    description:
      'The read position only moves forward; acknowledging an older message changes nothing. A conversation ' +
      'hidden by a block (either way) is a 404, as for GET.',
  })
  @ApiOkResponse({ type: ReadStateDto })
  @ApiProblems(400, 401, 404, 422)
  markRead(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: MarkReadDto,
  ): Promise<ReadState> {
    return this.messages.markRead(user.id, id, body.upToMessageId?.toLowerCase());
  }
}
