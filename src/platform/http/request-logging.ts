import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuthUser } from '../auth/auth-user';

/** The route's pattern (`/api/v1/products/:id`), never the raw URL with ids and query strings. */
export const routeOf = (request: FastifyRequest) => request.routeOptions?.url ?? 'unmatched';

/**
 * One line per request: id, method, route, status, duration, user. Deliberately no headers, no
 * query string and no body, so tokens, passwords and personal data never reach the logs.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', async (request, reply) => {
    const user = (request as FastifyRequest & { user?: AuthUser }).user;
    const entry = {
      requestId: request.id,
      method: request.method,
      route: routeOf(request),
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 10) / 10,
      userId: user?.id ?? null,
    };
    if (reply.statusCode >= 500) logger.error(entry, 'request failed');
    else logger.info(entry, 'request completed');
  });
}
