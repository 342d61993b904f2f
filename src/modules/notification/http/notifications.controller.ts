import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import type { NotificationPage, NotificationView } from '../application/notification-feed.service';
import { NotificationFeed } from '../application/notification-feed.service';
import { NotificationPreferences } from '../application/notification-preferences.service';
import type { CategoryChoice } from '../domain/preferences';
import {
  NotificationDto,
  NotificationPageDto,
  NotificationsQueryDto,
  ReadAllDto,
  UnreadCountDto,
} from './dto/notification.dto';
import { PreferencesDto, UpdatePreferencesDto } from './dto/preferences.dto';

@ApiTags('notification')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly feed: NotificationFeed,
    private readonly preferences: NotificationPreferences,
  ) {}

  @Get()
  @ApiOperation({
    operationId: 'notification_list',
    summary: 'The caller’s in-app notifications, newest first',
    description:
      'What happened to the caller’s rentals, payments and conversations, and the reminders they were ' +
      'sent (categories whose in-app notifications they turned off are not listed). Keyset pagination ' +
      'on (createdAt, id): pass nextCursor as `cursor` for older ones; `unread=true` lists unread ones only.',
  })
  @ApiOkResponse({ type: NotificationPageDto })
  @ApiProblems(401, 422)
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationsQueryDto): Promise<NotificationPage> {
    return this.feed.list(user.id, query);
  }

  @Get('unread-count')
  @ApiOperation({
    operationId: 'notification_unreadCount',
    summary: 'How many in-app notifications are unread',
  })
  @ApiOkResponse({ type: UnreadCountDto })
  @ApiProblems(401)
  unreadCount(@CurrentUser() user: AuthUser): Promise<{ unread: number }> {
    return this.feed.unread(user.id);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'notification_readAll',
    summary: 'Mark every in-app notification read',
    description: 'Idempotent: answers how many were unread.',
  })
  @ApiOkResponse({ type: ReadAllDto })
  @ApiProblems(401)
  readAll(@CurrentUser() user: AuthUser): Promise<{ marked: number }> {
    return this.feed.readAll(user.id);
  }

  @Get('preferences')
  @ApiOperation({
    operationId: 'notification_getPreferences',
    summary: 'Email and in-app choices per category',
    description:
      'Categories: booking, messages, reviews, reminders (each can be turned off), money and security ' +
      '(their emails cannot be turned off: `emailMandatory`). Everything is on until turned off.',
  })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(401)
  getPreferences(@CurrentUser() user: AuthUser): Promise<{ preferences: CategoryChoice[] }> {
    return this.preferences.get(user.id);
  }

  @Put('preferences')
  @ApiOperation({
    operationId: 'notification_updatePreferences',
    summary: 'Change email and in-app choices of some categories',
    description:
      'Only the categories given change. Turning off the email of money or security is a 422 ' +
      'NOTIFICATION.CATEGORY_MANDATORY naming the category, and changes nothing; a category given twice ' +
      'is a 422 NOTIFICATION.DUPLICATE_CATEGORY.',
  })
  @ApiOkResponse({ type: PreferencesDto })
  @ApiProblems(401, 422)
  updatePreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdatePreferencesDto,
  ): Promise<{ preferences: CategoryChoice[] }> {
    return this.preferences.update(user.id, body.preferences);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'notification_markRead',
    summary: 'Mark one notification read',
    description: 'Idempotent (the first readAt is kept). Someone else’s notification is a 404.',
  })
  @ApiOkResponse({ type: NotificationDto })
  @ApiProblems(401, 404, 422)
  markRead(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<NotificationView> {
    return this.feed.read(user.id, id);
  }
}
