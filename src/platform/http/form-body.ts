import type { FastifyInstance } from 'fastify';

/** A form body is at most a few fields: RFC 8058's is `List-Unsubscribe=One-Click`. */
const FORM_BODY_LIMIT = 1024;

/**
 * The API reads JSON; the one exception is a route a mail client POSTs to on its own (RFC 8058
 * one-click unsubscribe), which sends `application/x-www-form-urlencoded`. Such bodies are parsed
 * into a flat object on the given paths only; anywhere else they stay a 415, as before.
 */
export function registerFormBodies(fastify: FastifyInstance, paths: readonly string[]): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (request, body, done) => {
      const path = request.url.split('?')[0];
      if (!paths.includes(path)) {
        const error = Object.assign(new Error('Unsupported Media Type'), {
          statusCode: 415,
          code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
        });
        done(error, undefined);
        return;
      }
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}
