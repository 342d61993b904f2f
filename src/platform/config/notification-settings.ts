import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { IntegrationSettings } from './integration-settings';

/**
 * Settings of the notifications people receive (email and the in-app feed). A base class of
 * AppConfig, kept apart so no settings file grows past one screenful.
 */
export class NotificationSettings extends IntegrationSettings {
  /**
   * Where this API is reached from the outside, for links that go to the API itself rather than the
   * web app (a notification email's one-click unsubscribe). Defaults to http://localhost:<PORT>.
   */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'PUBLIC_API_URL must be an http(s) URL' })
  PUBLIC_API_URL?: string;

  /**
   * Minutes a conversation's new messages are gathered before one email tells the recipient about
   * all of them (0: an email per message, sent at the next digest run).
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120)
  NOTIFICATION_DIGEST_MINUTES = 5;

  /** Hours before a rental request expires at which its owner is reminded to answer it. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(168)
  NOTIFICATION_REQUEST_REMINDER_HOURS = 12;

  /** Days before a review window closes at which both sides are reminded to write theirs. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30)
  NOTIFICATION_REVIEW_REMINDER_DAYS = 3;

  /** Days an in-app notification is kept; older ones (read or not) are pruned. */
  @Type(() => Number)
  @IsInt()
  @Min(7)
  @Max(3650)
  NOTIFICATION_RETENTION_DAYS = 180;
}
