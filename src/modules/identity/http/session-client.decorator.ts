import type { ExecutionContext } from '@nestjs/common';
import { createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { sessionClient } from '../domain/session-client';
import type { SessionClient } from '../domain/session-client';

/** The calling client as a session records it: its User-Agent and the network of its address. */
export const Client = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionClient => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  return sessionClient(request.headers['user-agent'], request.ip);
});
