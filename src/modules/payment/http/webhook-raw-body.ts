import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { DomainError } from '../../../platform/errors/domain-error';

export const STRIPE_WEBHOOK_PATH = '/api/v1/payment/webhooks/stripe';
const MAX_BYTES = 1024 * 1024;

export type RequestWithRawBody = FastifyRequest & { rawBody?: Buffer };

/**
 * Stripe signs the exact bytes it sent; a re-serialised JSON body never verifies. The app parses
 * JSON for every route, so for the webhook route only this keeps a copy of the bytes before the
 * parser runs (`request.rawBody`) and hands the parser the same bytes. Everything else is untouched.
 * (Nest's `rawBody: true` application option does the same for every route; see the report.)
 */
@Injectable()
export class WebhookRawBody implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return;
    // Runs before every request's body is parsed, so every other request leaves at a string
    // comparison, without a promise.
    fastify.addHook('preParsing', (request, _reply, payload, done) => {
      if (!isWebhook(request.url)) return done(null, payload);
      keepRawBody(request as RequestWithRawBody, payload).then(
        (replay) => done(null, replay),
        (error: Error) => done(error),
      );
    });
  }
}

const isWebhook = (url: string) =>
  url.startsWith(STRIPE_WEBHOOK_PATH) &&
  (url.length === STRIPE_WEBHOOK_PATH.length || url[STRIPE_WEBHOOK_PATH.length] === '?');

async function keepRawBody(request: RequestWithRawBody, payload: AsyncIterable<unknown>): Promise<Readable> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of payload) {
    size += (chunk as Buffer).length;
    if (size > MAX_BYTES)
      throw Object.assign(new DomainError('PAYMENT.WEBHOOK_TOO_LARGE', 'validation', 'Payload too large'), {
        statusCode: 413,
      });
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  request.rawBody = raw;
  const replay = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
  replay.receivedEncodedLength = raw.length;
  return replay;
}
