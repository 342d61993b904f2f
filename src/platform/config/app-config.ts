import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { JETSTREAM_MAX_AGE_DAYS } from '../events/delivery-window';
import { DeploymentSettings, deploymentSettingsProblem } from './deployment-settings';
import { mediaSettingsProblem } from './media-settings';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean)
    : value;

/**
 * Every setting the process reads, validated once at start. Nothing else reads process.env,
 * so the README's variable table and this class are the whole story.
 */
export class AppConfig extends DeploymentSettings {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** A PostgreSQL server to use instead of the embedded one. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL and local development secrets live. */
  @IsString()
  DATA_DIR = '.data';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Upper bound for any single SQL statement, so no request can hold the database for long. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  DATABASE_STATEMENT_TIMEOUT_MS = 5000;

  /** Required in production; generated and kept under DATA_DIR otherwise. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsString()
  JWT_ISSUER = 'onesociety-api';

  @IsString()
  JWT_AUDIENCE = 'onesociety-clients';

  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** A client that lost the answer to a refresh may retry with the same token for this long. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120)
  REFRESH_REUSE_GRACE_SECONDS = 10;

  @Type(() => Number)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST = 12;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  AUTH_RATE_LIMIT_PER_IP = 30;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10000)
  AUTH_RATE_LIMIT_PER_ACCOUNT = 8;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  AUTH_RATE_LIMIT_WINDOW_SECONDS = 900;

  /** Platform fee on a rental's subtotal, in basis points (1000 = 10%), rounded half up. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(5000)
  RENTAL_PLATFORM_FEE_BASIS_POINTS = 1000;

  /** Hours an owner has to answer a rental request before it expires. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  RENTAL_RESPONSE_WINDOW_HOURS = 48;

  /** Hours after the return before a rental completes on its own (the owner may complete earlier). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(720)
  RENTAL_INSPECTION_WINDOW_HOURS = 48;

  /** Days after a rental's completion during which its reviews can be written (double-blind until then). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(90)
  REVIEW_WINDOW_DAYS = 14;

  /** Enforce plan limits (active listings) when owners list products. */
  @Transform(toBool)
  @IsBoolean()
  SUBSCRIPTION_LIMITS_ENFORCED = true;

  /**
   * A listing's first publication waits for a moderator (pending_approval) before anyone sees it,
   * as Sharetribe's optional listing approval. Once approved, pausing, reactivating and editing it
   * need no approval again.
   */
  @Transform(toBool)
  @IsBoolean()
  LISTINGS_REQUIRE_APPROVAL = false;

  /** Writes (POST/PUT/PATCH/DELETE) per user, or per IP when anonymous, per minute. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100000)
  WRITE_RATE_LIMIT_PER_MINUTE = 120;

  /** Serve Prometheus metrics on /metrics. */
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = false;

  /** Load the demo data set (categories, products, users) at start. */
  @Transform(toBool)
  @IsBoolean()
  SEED_DEMO_DATA = true;

  @Transform(toList)
  @IsString({ each: true })
  CORS_ORIGINS: string[] = [];

  @Transform(toBool)
  @IsBoolean()
  DOCS_ENABLED = true;

  /** How often the outbox relay looks for new events; 0 turns the timer off (manual drain). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  EVENTS_RELAY_INTERVAL_MS = 200;

  /**
   * The relay's longest wait while it keeps finding nothing (its interval doubles up to this). An
   * event this instance writes wakes it at once; one written by another instance waits at most this.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(600000)
  EVENTS_RELAY_IDLE_INTERVAL_MS = 2000;

  /** Days a delivered integration event stays in its outbox (for tracing); pending ones stay until delivered. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  OUTBOX_RETENTION_DAYS = 7;

  /**
   * Days an inbox remembers the events it handled, which is what makes a redelivery a no-op: more
   * than JetStream keeps a message. An operator who re-drives an event given up on longer ago than
   * this may deliver it again to subscribers that had it.
   */
  @Type(() => Number)
  @IsInt()
  @Min(JETSTREAM_MAX_AGE_DAYS + 1)
  @Max(3650)
  INBOX_RETENTION_DAYS = 30;

  /** Hours an Idempotency-Key and its stored answer are kept; after that the same key is a new request. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(8760)
  IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

  /** Run scheduled jobs (expiry, completion) in this instance. */
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  // Scale-out
  /** Shared rate-limit counters in Redis instead of PostgreSQL. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Where rate-limit counters live; unset means `redis` when REDIS_URL is set, else `postgres`. */
  @IsOptional()
  @IsIn(['postgres', 'redis', 'memory'])
  RATE_LIMIT_STORE?: 'postgres' | 'redis' | 'memory';

  /** Prefix of every Redis key this app writes, so environments can share one Redis. */
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX must be 1-64 of A-Z a-z 0-9 _ : . -' })
  REDIS_KEY_PREFIX = 'onesociety:';

  /** Read replicas (comma-separated postgres:// URLs): reads that opt in go there (search, product pages). */
  @Transform(toList)
  @Matches(/^postgres(ql)?:\/\/.+/, {
    each: true,
    message: 'DATABASE_REPLICA_URLS must be comma-separated postgres:// URLs',
  })
  DATABASE_REPLICA_URLS: string[] = [];

  /** NATS server(s) (comma-separated); set, the outbox relay also publishes events to JetStream. */
  @IsOptional()
  @Matches(/^(nats|tls|ws|wss):\/\/[^,\s]+(\s*,\s*(nats|tls|ws|wss):\/\/[^,\s]+)*$/, {
    message: 'NATS_URL must be nats:// URLs, comma-separated',
  })
  NATS_URL?: string;

  /** The JetStream stream holding the events (created when missing). */
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'NATS_STREAM must be 1-64 of A-Z a-z 0-9 _ -' })
  NATS_STREAM = 'ONESOCIETY_EVENTS';

  /** First token of every subject: `<prefix>.<context>.<EventType>.v<version>`. */
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'NATS_SUBJECT_PREFIX must be 1-32 of a-z 0-9 _ -' })
  NATS_SUBJECT_PREFIX = 'onesociety';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get payoutsRequireOnboarding(): boolean {
    return this.PAYOUTS_REQUIRE_ONBOARDING ?? this.isProduction;
  }
}

export class ConfigError extends Error {}

/** Parses the environment; the first problem becomes one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, present, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(
      `Invalid configuration: ${first.property} ${reason.replace(`${first.property} `, '')}`,
    );
  }
  if (config.isProduction && !config.JWT_SECRET) {
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  }
  if (config.isProduction && config.WEBHOOK_ALLOW_INSECURE_LOOPBACK) {
    throw new ConfigError(
      'Invalid configuration: WEBHOOK_ALLOW_INSECURE_LOOPBACK is for tests, never production',
    );
  }
  const deployment = deploymentSettingsProblem(config);
  if (deployment) throw new ConfigError(`Invalid configuration: ${deployment}`);
  const media = mediaSettingsProblem(config);
  if (media) throw new ConfigError(`Invalid configuration: ${media}`);
  config.MEDIA_PUBLIC_URL = (config.MEDIA_PUBLIC_URL ?? `http://localhost:${config.PORT}/media`).replace(
    /\/+$/,
    '',
  );
  // The development mailbox lists every message, links and tokens included: never in production.
  if (config.isProduction) config.DEV_MAILBOX_ENABLED = false;
  return config;
}
