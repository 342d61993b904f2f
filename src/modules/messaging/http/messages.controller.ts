import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { ApiIdempotencyKey, IdempotencyKey } from '../../../platform/idempotency/idempotency-key.decorator';
import type { MessagePage } from '../application/messages.service';
import { MessagesService } from '../application/messages.service';
import type { MessageView } from '../persistence/message-row';
import { MessagesQueryDto } from './dto/messages-query.dto';
import { MessageDto, MessagePageDto } from './dto/messaging.response';
import { PostMessageDto } from './dto/post-message.dto';

@ApiTags('messaging')
@ApiBearerAuth()
@Controller('messaging/conversations/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Post()
  @ApiOperation({
    operationId: 'messaging_postMessage',
    summary: 'Post a text, image or file message',
    description:
      'Only the two participants can post. Attachments are https links with a name, size (≤ 25 MiB) and ' +
      'MIME type. Bodies (≤ 4000 characters) are stored exactly as given; clients escape them. ' +
      'With an Idempotency-Key, a retried send returns the first message instead of posting it twice. ' +
      'While either participant blocks the other, nothing can be posted: the one who blocked gets 403 ' +
      '`MESSAGING.BLOCKED`, the other 404 (the conversation is hidden from both; nobody is told they were blocked). ' +
      'A suspended or banned caller cannot post (403 `MESSAGING.ACCOUNT_RESTRICTED`); their past messages stay.',
  })
  @ApiIdempotencyKey()
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems(400, 401, 403, 404, 422, 429)
  post(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: PostMessageDto,
    @IdempotencyKey() key: string | undefined,
  ): Promise<MessageView> {
    return this.messages.post(user.id, id, body, key);
  }

  @Get()
  @ApiOperation({
    operationId: 'messaging_listMessages',
    summary: 'Messages, newest first, with a cursor to older ones',
    description:
      'Keyset pagination on (createdAt, id): messages posted while paging never cause one to be skipped ' +
      'or repeated. Pass nextCursor as `before` for the next page. While either participant blocks the other ' +
      'the conversation is hidden from both (404), its messages included: nobody reads the messages of ' +
      'someone they blocked. Lifting the block brings them back.',
  })
  @ApiOkResponse({ type: MessagePageDto })
  @ApiProblems(401, 404, 422)
  list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<MessagePage> {
    return this.messages.page(user.id, id, query.before, query.limit);
  }
}
