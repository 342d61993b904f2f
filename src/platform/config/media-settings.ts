import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { AccountSettings } from './account-settings';

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const HTTP_URL = /^https?:\/\/[^\s]+$/;

/**
 * Settings of uploaded images (limits, processing) and of the object storage that keeps them: files
 * under DATA_DIR by default, any S3-compatible store when S3_BUCKET is set. A base class of
 * AppConfig, kept apart so no settings file grows past one screenful of rules.
 */
export class MediaSettings extends AccountSettings {
  /** Largest uploaded file; the multipart reader stops reading there (413). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(100 * 1024 * 1024)
  UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

  /** Most pixels (width x height) an uploaded image may declare: a tiny file can claim a huge canvas. */
  @Type(() => Number)
  @IsInt()
  @Min(10_000)
  @Max(268_402_689)
  UPLOAD_MAX_PIXELS = 40_000_000;

  /** Images decoded and re-encoded at once in this process; more wait their turn (memory bound). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  UPLOAD_CONCURRENCY = 2;

  /** Base URL of the local media route; unset means `http://localhost:<PORT>/media`. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'MEDIA_PUBLIC_URL must be an http(s) URL' })
  MEDIA_PUBLIC_URL?: string;

  /** An S3 bucket: set, images go there instead of DATA_DIR/media. */
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be an S3 bucket name' })
  S3_BUCKET?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  /** Another S3-compatible API (MinIO, R2, a local s3rver). */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'S3_ENDPOINT must be an http(s) URL' })
  S3_ENDPOINT?: string;

  /** Both or neither; unset means the AWS SDK's default credential chain. */
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  /** Bucket in the path rather than the host name; unset means true when S3_ENDPOINT is set. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE?: boolean;

  /** A public (CDN) base URL of the bucket; unset, clients get presigned GET URLs. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'S3_PUBLIC_URL must be an http(s) URL' })
  S3_PUBLIC_URL?: string;

  /** How long a presigned GET URL stays valid (SigV4 allows at most 7 days). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(604_800)
  S3_PRESIGN_SECONDS = 3600;
}

/** Rules across settings, checked after each one is valid on its own; a message names the variable. */
export function mediaSettingsProblem(settings: MediaSettings): string | undefined {
  if (Boolean(settings.S3_ACCESS_KEY_ID) !== Boolean(settings.S3_SECRET_ACCESS_KEY)) {
    return 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together (or neither)';
  }
  return undefined;
}
