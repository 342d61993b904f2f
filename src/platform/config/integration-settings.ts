import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { MediaSettings } from './media-settings';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;

/**
 * Settings of the integration surface for third parties: API keys, the events feed and outgoing
 * webhooks. A base class of AppConfig, kept apart so no settings file grows past one screenful.
 */
export class IntegrationSettings extends MediaSettings {
  /** Requests per minute an integrator's key may make, unless its client has a limit of its own. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** Hours a rotated key keeps working beside its successor, unless the admin says otherwise. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(168)
  API_KEY_ROTATION_GRACE_HOURS = 24;

  /** Days the events feed keeps an event (and webhook deliveries their log); older cursors get 410. */
  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(3650)
  INTEGRATION_FEED_RETENTION_DAYS = 30;

  /** How often the webhook worker looks for due deliveries; 0 turns its timer off (manual drain). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  WEBHOOK_DISPATCH_INTERVAL_MS = 1000;

  /** How long one delivery may take (connect, send, answer) before it counts as a failure. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(30000)
  WEBHOOK_TIMEOUT_MS = 10000;

  /** Deliveries in flight at once in this instance. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  WEBHOOK_CONCURRENCY = 8;

  /**
   * Hours a delivery is retried (exponential backoff with jitter) before it is given up, and hours
   * an endpoint may fail every attempt before it is disabled and its owner told.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(72)
  WEBHOOK_RETRY_WINDOW_HOURS = 72;

  /**
   * Tests only: lets endpoints be plain-http loopback receivers (`http://127.0.0.1:PORT`). Every other
   * private, link-local or reserved address stays refused; refused at start when NODE_ENV=production.
   */
  @Transform(toBool)
  @IsBoolean()
  WEBHOOK_ALLOW_INSECURE_LOOPBACK = false;
}
