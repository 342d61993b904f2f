import { S3Client } from '@aws-sdk/client-s3';
import type { IncomingMessage } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { checkSigV4 } from './sigv4-check';

export interface S3TestServer {
  /** `http://127.0.0.1:<port>`, for S3_ENDPOINT. */
  endpoint: string;
  bucket: string;
  /** The S3_* settings that point the app at this server (createTestApp(env)). */
  env: Record<string, string>;
  /** Every request the server received (method and URL), oldest first: to count batches. */
  requests: { method: string; url: string }[];
  stop(): Promise<void>;
}

/** s3rver's built-in account: the only key pair it accepts, and it checks the signatures. */
export const S3RVER_KEY = 'S3RVER';

const SIGNATURE_DOES_NOT_MATCH =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>SignatureDoesNotMatch</Code>' +
  '<Message>The request signature we calculated does not match the signature you provided.</Message></Error>';

/**
 * A real S3 API (s3rver: objects, metadata, DeleteObjects; SigV4 checked by sigv4-check) on a free port,
 * storing into its own temp directory, so tests exercise the SDK's real requests, not a mock.
 */
export async function startS3Server(bucket = 'onesociety-media'): Promise<S3TestServer> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    resetOnClose: true,
    configureBuckets: [{ name: bucket }],
  });
  // s3rver parses SigV4 but accepts any signature; checked first, a forged one gets S3's 403.
  server.middleware.unshift(async (context, next) => {
    const verdict = checkSigV4(context.req, (id) => (id === S3RVER_KEY ? S3RVER_KEY : undefined));
    if (verdict !== 'invalid') return next();
    context.status = 403;
    context.type = 'application/xml';
    context.body = SIGNATURE_DOES_NOT_MATCH;
  });
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  const requests: S3TestServer['requests'] = [];
  server.httpServer?.on('request', (request: IncomingMessage) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '' });
  });
  return {
    endpoint,
    bucket,
    env: {
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: S3RVER_KEY,
      S3_SECRET_ACCESS_KEY: S3RVER_KEY,
    },
    requests,
    stop: async () => {
      // SDK clients keep sockets alive; without this, close() waits for them to idle out.
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** An SDK client of the tests' own, to read the bucket behind the app's back. */
export const bucketReader = (server: S3TestServer): S3Client =>
  new S3Client({
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_KEY, secretAccessKey: S3RVER_KEY },
  });
