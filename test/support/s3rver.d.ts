// s3rver ships no types; this is the part of its API test/support/s3-server.ts uses.
declare module 's3rver' {
  import type { IncomingMessage, Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    directory?: string;
    silent?: boolean;
    resetOnClose?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  /** The slice of a Koa context a middleware here needs (s3rver is a Koa app). */
  interface S3rverContext {
    req: IncomingMessage;
    status: number;
    type: string;
    body: unknown;
  }

  class S3rver {
    /** Koa's middleware list; composed when run() starts the server. */
    middleware: ((context: S3rverContext, next: () => Promise<void>) => Promise<void>)[];
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    /** Set once run() resolved. */
    httpServer?: Server;
  }

  export = S3rver;
}
