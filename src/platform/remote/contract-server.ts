import { Logger } from '@nestjs/common';
import type { ModuleRef } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { decodeValue, encodeValue } from './contract-codec';
import type {
  CallbackRegistryDescriptor,
  ContractDescriptor,
  RegisteredCallback,
} from './contract-descriptor';
import { CONTRACT_VERSION_HEADER, SIGNATURE_HEADER, verifyInternalCall } from './internal-signature';

export const INTERNAL_PREFIX = '/internal/v1';

interface Served {
  version: number;
  /** The function to call for `key` (a contract's method, a registered callback); undefined if none. */
  resolve(key: string): RegisteredCallback | undefined;
}

/**
 * Serves this process's contracts, and the callbacks its contexts registered into registries owned
 * elsewhere, to the other processes of a split: `POST /internal/v1/contracts/<name>/<method>` and
 * `POST /internal/v1/callbacks/<registry>/<key>`, body `{ args }`. Only signed calls are heard;
 * the version must match. A domain error travels back in the body (`{ error }`) to be rethrown as
 * it was; anything else is a 500 the caller turns into its 503. These routes are not in the public
 * contract and the gateway never routes to them.
 */
export class ContractServer {
  private readonly logger = new Logger(ContractServer.name);
  private readonly contracts = new Map<string, Served>();
  private readonly callbacks = new Map<string, Served>();

  constructor(
    private readonly secret: string,
    private readonly moduleRef: ModuleRef,
  ) {}

  serveContract(descriptor: ContractDescriptor): void {
    const methods = new Set(Object.keys(descriptor.methods));
    let implementation: Record<string, RegisteredCallback> | undefined;
    this.contracts.set(descriptor.name, {
      version: descriptor.version,
      resolve: (method) => {
        if (!methods.has(method)) return undefined;
        implementation ??= this.moduleRef.get(descriptor.token, { strict: false });
        const target = implementation as Record<string, RegisteredCallback>;
        return (...args: never[]) => target[method](...args);
      },
    });
  }

  serveCallbacks(descriptor: CallbackRegistryDescriptor, registry: unknown): void {
    this.callbacks.set(descriptor.name, {
      version: descriptor.version,
      resolve: (key) => descriptor.lookup(registry, key),
    });
  }

  register(fastify: FastifyInstance): void {
    const route = (table: Map<string, Served>) => async (request: FastifyRequest, reply: FastifyReply) =>
      this.handle(table, request, reply);
    fastify.post(`${INTERNAL_PREFIX}/contracts/:name/:key`, route(this.contracts));
    fastify.post(`${INTERNAL_PREFIX}/callbacks/:name/:key`, route(this.callbacks));
  }

  private async handle(
    table: Map<string, Served>,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const refuse = (status: number, code: string, detail: string, extra: Record<string, unknown> = {}) =>
      reply
        .code(status)
        .type('application/problem+json')
        .send({ type: 'about:blank', title: code, status, detail, code, ...extra });
    const path = request.url.split('?')[0];
    const body = JSON.stringify(request.body ?? null);
    if (!verifyInternalCall(this.secret, request.headers[SIGNATURE_HEADER], path, body))
      return refuse(401, 'INTERNAL.SIGNATURE', 'The call is not signed by a process of this deployment');
    const { name, key } = request.params as { name: string; key: string };
    const served = table.get(name);
    const target = served?.resolve(key);
    if (!served || !target) return refuse(404, 'INTERNAL.NOT_SERVED', `${name}/${key} is not served here`);
    const version = Number(request.headers[CONTRACT_VERSION_HEADER]);
    if (version !== served.version)
      return refuse(409, 'CONTRACT.VERSION_MISMATCH', `${name} is served at version ${served.version}`, {
        served: served.version,
        asked: Number.isFinite(version) ? version : null,
      });
    const args = (request.body as { args?: unknown } | null)?.args;
    if (!Array.isArray(args)) return refuse(400, 'INTERNAL.BAD_CALL', 'The body must be { "args": [...] }');
    try {
      const result = await target(...(decodeValue(args) as never[]));
      return reply.code(200).send({ result: encodeValue(result ?? null) });
    } catch (error) {
      if (!(error instanceof DomainError)) {
        this.logger.error(`${name}/${key} failed: ${error instanceof Error ? error.stack : String(error)}`);
        return refuse(500, 'INTERNAL.FAILED', 'The call failed here');
      }
      const { code, kind, message, details } = error;
      return reply.code(200).send({ error: { code, kind, message, details: encodeValue(details) } });
    }
  }
}
