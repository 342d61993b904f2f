import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { NotificationPreferences } from '../application/notification-preferences.service';
import type { NotificationCategory } from '../domain/notification-kinds';
import { UnsubscribeQueryDto, UnsubscribeResultDto } from './dto/preferences.dto';

/**
 * RFC 8058 one-click unsubscribe: the URL of an email's List-Unsubscribe header. The token is the
 * credential (HMAC over person and category), so no login; a GET, which mail scanners and link
 * previews send unasked, changes nothing.
 */
@ApiTags('notification')
@Public()
@Controller('notifications/unsubscribe')
export class UnsubscribeController {
  constructor(private readonly preferences: NotificationPreferences) {}

  @Get()
  @ApiOperation({
    operationId: 'notification_describeUnsubscribe',
    summary: 'What an unsubscribe link would turn off (changes nothing)',
    description:
      'Names the category of the link and whether its emails are on. Only a POST to the same URL ' +
      'unsubscribes (RFC 8058): link scanners open links by GET. A token that was not signed here is a 400.',
  })
  @ApiOkResponse({ type: UnsubscribeResultDto })
  @ApiProblems(400, 422)
  describe(@Query() query: UnsubscribeQueryDto): Promise<{ category: NotificationCategory; email: boolean }> {
    return this.preferences.describeUnsubscribe(query.token);
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({
    operationId: 'notification_unsubscribe',
    summary: 'One-click unsubscribe from an email’s category (RFC 8058)',
    description:
      'The POST a mail client sends for a List-Unsubscribe header, with body `List-Unsubscribe=One-Click` ' +
      '(application/x-www-form-urlencoded; the body is not needed). Turns the emails of the link’s ' +
      'category off for the person it was sent to; in-app notifications stay as they were. Idempotent. ' +
      'Money and security emails carry no such link. A tampered token is a 400 ' +
      'NOTIFICATION.INVALID_UNSUBSCRIBE_TOKEN and changes nothing.',
  })
  @ApiOkResponse({ type: UnsubscribeResultDto })
  @ApiProblems(400, 422)
  unsubscribe(
    @Query() query: UnsubscribeQueryDto,
  ): Promise<{ category: NotificationCategory; email: boolean }> {
    return this.preferences.unsubscribe(query.token);
  }
}
