import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ipPrefix } from './client-network';

/** What code deep in a use case may know of the request it serves, without it being passed down. */
export interface RequestContext {
  /** request.id: the client's X-Request-Id when it sent a well-formed one, else a fresh UUID. */
  requestId: string;
  /** The caller's network (IPv4 /24, IPv6 /48), as sessions record it; null when unknown. */
  network: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();
const contexts = new WeakMap<FastifyRequest, RequestContext>();

/** The request being served, or undefined outside one (jobs, event handlers, the CLI). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Enters the request's context in onRequest, and again in preValidation: Fastify reads the body
 * from the socket's stream events, which carry the server's async context rather than ours, so
 * the route handler would otherwise run outside it for any request with a body.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    const context: RequestContext = { requestId: request.id, network: ipPrefix(request.ip) };
    contexts.set(request, context);
    storage.run(context, done);
  });
  fastify.addHook('preValidation', (request, _reply, done) => {
    const context = contexts.get(request);
    if (context) storage.run(context, done);
    else done();
  });
}
