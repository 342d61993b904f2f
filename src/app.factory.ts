import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { ContractServer } from './platform/remote/contract-server';
import type { AppConfig } from './platform/config/app-config';
import { createRootLogger, PinoNestLogger } from './platform/logging/logger';
import { Metrics } from './platform/metrics/metrics';
import { buildOpenApiDocument } from './platform/http/openapi';
import { assertReasonableBody, nullBody } from './platform/http/body-shape.guard';
import { sendProblem } from './platform/http/problem-details.filter';
import { registerRequestContext } from './platform/http/request-context';
import { registerMultipart } from './platform/http/multipart';
import { registerRequestLogging } from './platform/http/request-logging';
import { securityHeaders } from './platform/http/security-headers';
import { createValidationPipe } from './platform/http/validation.pipe';

export const API_PREFIX = 'api/v1';
const BODY_LIMIT_BYTES = 1024 * 1024;
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;
/**
 * Routes outside /api/v1: probes, metrics, the development stand-ins for the web app's pages, and
 * the local media files (their URLs are handed out, never built by clients).
 */
export const UNVERSIONED = [
  'health/live',
  'health/ready',
  'metrics',
  'verify-email',
  'reset-password',
  'media/{*path}',
];

function rawProblem(status: number): string {
  const title = STATUS_CODES[status] ?? 'Bad Request';
  const detail = status === 431 ? 'The request headers are too large' : 'The request is malformed';
  const body = JSON.stringify({ type: 'about:blank', title, status, detail, instance: '' });
  return (
    `HTTP/1.1 ${status} ${title}\r\nContent-Type: application/problem+json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

const SECURITY_HEADERS = {
  // Swagger UI is served from this origin and needs its inline bootstrap script and styles.
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", "'unsafe-inline'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'https:'],
    },
  },
};

export interface AppOptions {
  /** Where JSON log lines go (stdout by default); tests capture them. */
  logDestination?: DestinationStream;
}

/** Builds the whole application exactly as production runs it; tests use the same function. */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  const logger = createRootLogger(config, options.logDestination);
  const logFailure = (entry: Record<string, unknown>, level: 'warn' | 'error') => logger[level](entry);
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // The router's own refusals (a path parameter over maxParamLength: 414) are problems too.
    // A request head over Node's limit never reaches a route: answer it as a problem all the same.
    clientErrorHandler: (error: Error & { code?: string }, socket: Duplex) => {
      if (!socket.writable) return socket.destroy();
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      socket.end(rawProblem(status));
    },
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendProblem(request, reply, error, logFailure),
    trustProxy: config.isProduction,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && CLIENT_REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, databaseUrl),
    adapter,
    {
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // The API speaks JSON only; anything else is a 415, not a string body that fails validation.
  fastify.removeContentTypeParser('text/plain');
  const headers = securityHeaders(SECURITY_HEADERS);
  // The hooks on every request are callbacks, not async functions: no promise per hook and request.
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });
  // Who asked, for the audit trail: the request id and the caller's network, read where needed.
  registerRequestContext(fastify);
  // Errors Fastify raises itself (body parsing, size limits, these hooks' done(error)) go to the error
  // handler Nest installs at init, hence to the global problem+json filter: a second handler of ours
  // would only sit behind Nest's, unused, and make Fastify warn (FSTWRN004) at every start.
  fastify.addHook('preValidation', (request, _reply, done) => {
    try {
      if (request.body === null && /json/.test(request.headers['content-type'] ?? '')) throw nullBody();
      assertReasonableBody(request.body);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  await registerMultipart(fastify, config.UPLOAD_MAX_BYTES);
  // A process of a split serves its contexts' contracts to the others (never through the gateway).
  if (config.isSplit) app.get(ContractServer).register(fastify);
  registerRequestLogging(fastify, logger);
  // Off by default: counting every request for a /metrics nobody scrapes is wasted work.
  if (config.METRICS_ENABLED) app.get(Metrics).instrument(fastify);

  app.setGlobalPrefix(API_PREFIX, { exclude: UNVERSIONED });
  app.useGlobalPipes(createValidationPipe());
  app.enableCors({ origin: config.CORS_ORIGINS.length > 0 ? config.CORS_ORIGINS : false });

  if (config.DOCS_ENABLED) {
    const document = buildOpenApiDocument(app);
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}
