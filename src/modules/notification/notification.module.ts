import { Module } from '@nestjs/common';
import { ContextDatabaseModule } from '../../platform/database/context-database.module';
import { MessageDigestJob } from './application/message-digest.job';
import { ClaimEventsSubscriber } from './application/claim-events.subscriber';
import { MessageEventsSubscriber } from './application/message-events.subscriber';
import { MoneyEventsSubscriber } from './application/money-events.subscriber';
import { NotificationFeed } from './application/notification-feed.service';
import { NotificationLinks } from './application/notification-links';
import { NotificationPersonalData } from './application/notification-personal-data';
import { NotificationPreferences } from './application/notification-preferences.service';
import { NotificationTemplatesRegistrar } from './application/notification-templates.registrar';
import { Notifier } from './application/notifier';
import { RemindersJob } from './application/reminders.job';
import { RentalEventsSubscriber } from './application/rental-events.subscriber';
import { ReviewEventsSubscriber } from './application/review-events.subscriber';
import { NotificationsController } from './http/notifications.controller';
import { UnsubscribeController } from './http/unsubscribe.controller';
import {
  MessageDigestEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  ReminderEntity,
  RentalScheduleEntity,
} from './persistence/notification.entity';

// The tables as the schema check sees them; the stores read and write them with plain SQL.
const entities = [
  NotificationEntity,
  NotificationPreferenceEntity,
  MessageDigestEntity,
  RentalScheduleEntity,
  ReminderEntity,
];

const delivery = [Notifier, NotificationLinks, NotificationTemplatesRegistrar];
const subscribers = [
  RentalEventsSubscriber,
  MoneyEventsSubscriber,
  ClaimEventsSubscriber,
  MessageEventsSubscriber,
  ReviewEventsSubscriber,
];
const jobs = [MessageDigestJob, RemindersJob];
const useCases = [NotificationFeed, NotificationPreferences];
const personalData = [NotificationPersonalData];

// Offers nothing to other contexts: it reacts to their events and reads identity, catalog and
// rental through their global public APIs.
@Module({
  imports: [ContextDatabaseModule.forContext('notification', entities)],
  controllers: [NotificationsController, UnsubscribeController],
  providers: [...delivery, ...subscribers, ...jobs, ...useCases, ...personalData],
})
export class NotificationModule {}
