import { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import { DatabaseCircuit } from '../database/database-circuit';
import { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { QueryFailedError } from 'typeorm';
import { DomainErrorKind } from '../errors/domain-error';
import { assertUnreachable, DomainError } from '../errors/domain-error';
import { ProblemDetails } from './problem-details';
import { PROBLEM_CONTENT_TYPE, problemType } from './problem-details';
import { RequestValidationError } from './validation.pipe';

export function statusForKind(kind: DomainErrorKind): number {
  switch (kind) {
    case 'validation':
      return 422;
    case 'bad_request':
      return 400;
    case 'unauthenticated':
      return 401;
    case 'forbidden':
      return 403;
    case 'not_found':
      return 404;
    case 'conflict':
      return 409;
    case 'gone':
      return 410;
    case 'too_large':
      return 413;
    case 'unsupported_media_type':
      return 415;
    case 'rate_limited':
      return 429;
    case 'unavailable':
      return 503;
    default:
      return assertUnreachable(kind);
  }
}

const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '53300']);

interface Described {
  status: number;
  code?: string;
  detail?: string;
  extensions?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Anything thrown, turned into what a client may see. Unknown errors never leak their text. */
export function describeError(error: unknown): Described {
  if (error instanceof RequestValidationError) {
    return {
      status: 422,
      code: 'VALIDATION.FAILED',
      detail: 'The request is invalid',
      extensions: { errors: error.fieldErrors },
    };
  }
  if (error instanceof DomainError) {
    const headers =
      typeof error.details.retryAfterSeconds === 'number'
        ? { 'retry-after': String(error.details.retryAfterSeconds) }
        : undefined;
    return {
      status: statusForKind(error.kind),
      code: error.code,
      detail: error.message,
      extensions: error.details,
      headers,
    };
  }
  if (error instanceof HttpException) {
    const body = error.getResponse();
    const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return {
      status: error.getStatus(),
      detail: Array.isArray(message) ? message.join('; ') : String(message ?? error.message),
    };
  }
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: string }).code ?? '';
    if (code === '57014')
      return { status: 503, code: 'DATABASE.TIMEOUT', detail: 'The request took too long; try again' };
    if (DATABASE_UNAVAILABLE.has(code)) return unavailable();
    if (/Query read timeout|Connection terminated/i.test(error.message)) return unavailable();
    return { status: 500 };
  }
  const fastifyStatus = (error as { statusCode?: number }).statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    return {
      status: fastifyStatus,
      detail: fastifyDetail(error as { code?: string; message?: string }, fastifyStatus),
    };
  }
  const code = (error as { code?: string }).code;
  if (code && DATABASE_UNAVAILABLE.has(code)) return unavailable();
  if (
    error instanceof Error &&
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Query read timeout/i.test(
      error.message,
    )
  ) {
    return unavailable();
  }
  return { status: 500 };
}

const isDatabaseSilence = (error: unknown) =>
  error instanceof Error && /Query read timeout|timeout exceeded when trying to connect/i.test(error.message);

function unavailable(): Described {
  return {
    status: 503,
    code: 'DATABASE.UNAVAILABLE',
    detail: 'The service is temporarily unavailable; try again shortly',
    headers: { 'retry-after': '5' },
  };
}

function fastifyDetail(error: { code?: string; message?: string }, status: number): string {
  if (status === 413) return 'The request body is too large';
  if (status === 415) return 'Unsupported content type; send application/json';
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'The request body is empty';
  if (status === 400) return 'The request body is not valid JSON';
  return STATUS_CODES[status] ?? 'Bad request';
}

export function toProblem(
  error: unknown,
  instance: string,
  requestId: string,
): { problem: ProblemDetails; headers: Record<string, string> } {
  const described = describeError(error);
  const title = STATUS_CODES[described.status] ?? 'Error';
  const problem: ProblemDetails = {
    ...(described.extensions ?? {}),
    type: described.status === 500 ? 'about:blank' : problemType(slug(described.code ?? title)),
    title,
    status: described.status,
    detail:
      described.status === 500
        ? 'An unexpected error occurred; quote the request id when reporting it'
        : bounded(described.detail ?? title, 1000),
    instance: bounded(instance, 2048),
    requestId,
  };
  if (described.code) problem.code = described.code;
  delete problem.retryAfterSeconds;
  return { problem, headers: described.headers ?? {} };
}

/** Details and paths can echo client input (a 404 names the path): never let them grow unbounded. */
const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Receives what a 5xx carries for operators: request id, route, and the error's stack when it was
 * unexpected. `warn` for an answer the code meant to give (a dependency not configured, the
 * database circuit open: the problem has a code), `error` for an unhandled exception only, so an
 * alert on error lines means a bug.
 */
export type FailureLog = (entry: Record<string, unknown>, level: 'warn' | 'error') => void;

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly logFailure: FailureLog = (entry, level) =>
    level === 'warn' ? this.logger.warn(entry) : this.logger.error(entry);

  constructor(private readonly circuit: DatabaseCircuit) {}

  catch(error: unknown, host: ArgumentsHost): void {
    // Silence from the database (a client-side timeout, not a refusal) opens the circuit: the next
    // requests would only wait for the same silence. Refusals and cut connections answer fast anyway.
    if (isDatabaseSilence(error)) this.circuit.tripped();
    const http = host.switchToHttp();
    sendProblem(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>(), error, this.logFailure);
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  logFailure: FailureLog,
): void {
  const path = request.url.split('?')[0];
  const { problem, headers } = toProblem(error, path, String(request.id));
  if (problem.status >= 500) {
    const where = { requestId: request.id, method: request.method, path, status: problem.status };
    if (problem.code) logFailure({ msg: 'service unavailable', ...where, code: problem.code }, 'warn');
    else
      logFailure(
        {
          msg: 'unhandled error',
          ...where,
          err:
            error instanceof Error
              ? { name: error.name, message: error.message, stack: error.stack }
              : String(error),
        },
        'error',
      );
  }
  if (reply.sent) return;
  void reply.status(problem.status).headers(headers).type(PROBLEM_CONTENT_TYPE).send(problem);
}
