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
    fastify.addHook('preParsing', async (request, _reply, payload) => {
      if (request.url.split('?')[0] !== STRIPE_WEBHOOK_PATH) return payload;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        size += (chunk as Buffer).length;
        if (size > MAX_BYTES)
          throw Object.assign(
            new DomainError('PAYMENT.WEBHOOK_TOO_LARGE', 'validation', 'Payload too large'),
            {
              statusCode: 413,
            },
          );
        chunks.push(chunk as Buffer);
      }
      const raw = Buffer.concat(chunks);
      (request as RequestWithRawBody).rawBody = raw;
      const replay = Readable.from([raw]) as Readable & { receivedEncodedLength?: number };
      replay.receivedEncodedLength = raw.length;
      return replay;
    });
  }
}
