import {
  DeleteObjectsCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Logger } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';
import { ObjectStorage } from './object-storage';

/** The S3_* settings this adapter reads (a structural subset of AppConfig). */
export interface S3StorageSettings {
  S3_BUCKET?: string;
  S3_REGION: string;
  /** An S3-compatible endpoint (MinIO, R2, s3rver); unset means AWS itself. */
  S3_ENDPOINT?: string;
  S3_ACCESS_KEY_ID?: string;
  S3_SECRET_ACCESS_KEY?: string;
  /** Unset: path-style exactly when S3_ENDPOINT is set (most compatible stores want it). */
  S3_FORCE_PATH_STYLE?: boolean;
  /** A CDN or public bucket base; unset, clients get presigned GETs. */
  S3_PUBLIC_URL?: string;
  S3_PRESIGN_SECONDS: number;
}

export interface S3StorageOptions {
  /** Time to open a connection; a store that is down fails in this, not in the OS's minutes. */
  connectionTimeoutMs?: number;
  /** Time one request may take from first byte sent to last byte received. */
  requestTimeoutMs?: number;
  /** Attempts per operation, the first included (the SDK backs off between them). */
  maxAttempts?: number;
  /** The clock presigned URLs are dated by (tests fix it). */
  now?: () => Date;
}

const log = new Logger('S3ObjectStorage');
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1000;
const DEFAULTS: Required<S3StorageOptions> = {
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
  maxAttempts: 3,
  now: () => new Date(),
};
/** SigV4 presigned URLs live at most 7 days. */
const MAX_PRESIGN_SECONDS = 604_800;

/**
 * Objects in any S3-compatible store. Keys are content-hash names, so objects are immutable and
 * cached for a year; URLs are computed at read (presigned ones expire), never stored.
 */
export class S3ObjectStorage extends ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly publicBase?: string;
  private readonly presignSeconds: number;
  /** One deadline over every attempt of an operation, so retries cannot add up to a hang. */
  private readonly operationDeadlineMs: number;
  private readonly now: () => Date;

  constructor(settings: S3StorageSettings, options: S3StorageOptions = {}) {
    super();
    if (!settings.S3_BUCKET) throw new Error('S3ObjectStorage needs S3_BUCKET');
    const limits = { ...DEFAULTS, ...options };
    this.bucket = settings.S3_BUCKET;
    this.publicBase = settings.S3_PUBLIC_URL?.replace(/\/+$/, '');
    this.presignSeconds = settings.S3_PRESIGN_SECONDS;
    this.now = limits.now;
    this.operationDeadlineMs =
      limits.maxAttempts * (limits.connectionTimeoutMs + limits.requestTimeoutMs) + 2_000;
    this.client = new S3Client(clientConfig(settings, limits));
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: key,
      Body: body,
      ContentType: contentType,
      ContentLength: body.length,
      CacheControl: IMMUTABLE,
    });
    await this.send('store', key, () => this.client.send(command, this.deadline()));
  }

  async delete(keys: string[]): Promise<void> {
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      const command = new DeleteObjectsCommand({
        Bucket: this.bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      });
      const answer = await this.send('delete', batch[0], () => this.client.send(command, this.deadline()));
      // S3 reports a missing key as deleted; anything listed here really failed (AccessDenied...).
      const failed = (answer.Errors ?? []).filter((error) => error.Code !== 'NoSuchKey');
      if (failed.length > 0) {
        throw storageUnavailable(
          'delete',
          failed[0].Key ?? batch[0],
          `${failed[0].Code}: ${failed[0].Message}`,
        );
      }
    }
  }

  async urlFor(key: string): Promise<string> {
    if (this.publicBase) return `${this.publicBase}/${key.split('/').map(encodeURIComponent).join('/')}`;
    // Signed at the start of the current window, the same URL is handed out for a while, so browser
    // and proxy caches hit; the window is added to the validity, so a URL lives at least S3_PRESIGN_SECONDS.
    const window = Math.ceil(this.presignSeconds / 4);
    const now = Math.floor(this.now().getTime() / 1000);
    const signingDate = new Date((now - (now % window)) * 1000);
    const expiresIn = Math.min(this.presignSeconds + window, MAX_PRESIGN_SECONDS);
    const command = new GetObjectCommand({ Bucket: this.bucket, Key: key });
    // Signing is local computation (no request to the store, so one that is down does not slow
    // reads), but the default credential chain may have to fetch credentials first.
    return this.send('sign', key, () => getSignedUrl(this.client, command, { expiresIn, signingDate }));
  }

  /** Closes the SDK's pooled sockets (on shutdown). */
  close(): void {
    this.client.destroy();
  }

  private deadline(): { abortSignal: AbortSignal } {
    return { abortSignal: AbortSignal.timeout(this.operationDeadlineMs) };
  }

  private async send<T>(action: string, key: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw storageUnavailable(action, key, reasonOf(error));
    }
  }
}

function clientConfig(settings: S3StorageSettings, limits: Required<S3StorageOptions>): S3ClientConfig {
  const credentials =
    settings.S3_ACCESS_KEY_ID && settings.S3_SECRET_ACCESS_KEY
      ? { accessKeyId: settings.S3_ACCESS_KEY_ID, secretAccessKey: settings.S3_SECRET_ACCESS_KEY }
      : undefined; // the SDK's default chain: env, shared files, instance or task role
  return {
    region: settings.S3_REGION,
    endpoint: settings.S3_ENDPOINT,
    forcePathStyle: settings.S3_FORCE_PATH_STYLE ?? Boolean(settings.S3_ENDPOINT),
    credentials,
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      connectionTimeout: limits.connectionTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    // Since early 2025 the SDK adds CRC32 checksum headers (aws-chunked for streams) to every upload;
    // several S3-compatible stores refuse or mishandle them. Checksums only where the API demands one.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status ? `${error.name} (HTTP ${status}): ${error.message}` : `${error.name}: ${error.message}`;
}

/** A 503 with Retry-After; the store's own words go to the log, never to the client. */
function storageUnavailable(action: string, key: string, reason: string): DomainError {
  log.warn(`S3 ${action} of ${key} failed: ${reason}`);
  const error = new DomainError(
    'MEDIA.STORAGE_UNAVAILABLE',
    'unavailable',
    'The file store is temporarily unavailable; try again shortly',
    { retryAfterSeconds: 5 },
  );
  error.cause = reason;
  return error;
}
