import { Logger } from '@nestjs/common';
import { Histogram, type Registry } from 'prom-client';
import { DomainError } from '../errors/domain-error';
import type { DomainErrorKind } from '../errors/domain-error';
import { currentRequest } from '../http/request-context';
import { decodeValue, encodeValue } from './contract-codec';
import type { CallKind } from './contract-descriptor';
import { DependencyUnavailableError } from './dependency-unavailable.error';
import { CONTRACT_VERSION_HEADER, SIGNATURE_HEADER, signInternalCall } from './internal-signature';

export interface RemoteCall {
  /** The context served at the other end (named in the 503 when it does not answer). */
  context: string;
  /** `/internal/v1/contracts/catalog.CatalogApi/findProduct` */
  path: string;
  version: number;
  kind: CallKind;
  args: unknown[];
}

/** A domain error as the serving process sends it back, rethrown here as it was thrown there. */
interface RemoteError {
  code: string;
  kind: DomainErrorKind;
  message: string;
  details?: Record<string, unknown>;
}

const RETRYABLE_STATUSES = new Set([502, 503, 504]);
const FIRST_BACKOFF_MS = 50;
const MAX_ATTEMPTS = 3;

/**
 * Calls a contract served by another process over internal HTTP: signed, with the contract version,
 * within one deadline for the whole call. Queries are retried on a lost connection or a 502/503/504
 * while the deadline allows; commands are sent once, since a lost answer does not mean nothing
 * happened. Whatever stops an answer becomes a 503 DEPENDENCY_UNAVAILABLE naming the context.
 */
export class ContractClient {
  private readonly logger = new Logger(ContractClient.name);
  private readonly duration?: Histogram<'context' | 'call' | 'outcome'>;

  constructor(
    private readonly baseUrls: (context: string) => string | undefined,
    private readonly secret: string,
    private readonly timeoutMs: number,
    registry?: Registry,
  ) {
    if (registry)
      this.duration = new Histogram({
        name: 'contract_call_duration_seconds',
        help: "Calls to another process's contract, retries included, by context, call and outcome",
        labelNames: ['context', 'call', 'outcome'],
        buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      });
  }

  /** The call, timed: `outcome` is `ok`, `error` (a domain error rethrown) or `unavailable`. */
  async call(call: RemoteCall): Promise<unknown> {
    const stop = this.duration?.startTimer({
      context: call.context,
      call: call.path.split('/').slice(-2).join('.'),
    });
    try {
      const value = await this.send(call);
      stop?.({ outcome: 'ok' });
      return value;
    } catch (error) {
      stop?.({ outcome: error instanceof DependencyUnavailableError ? 'unavailable' : 'error' });
      throw error;
    }
  }

  private async send(call: RemoteCall): Promise<unknown> {
    const base = this.baseUrls(call.context);
    if (!base) throw new DependencyUnavailableError(call.context, 'no URL is configured');
    const deadline = Date.now() + this.timeoutMs;
    const body = JSON.stringify({ args: encodeValue(call.args) });
    let lastReason = 'no attempt';
    for (let attempt = 1; attempt <= (call.kind === 'query' ? MAX_ATTEMPTS : 1); attempt++) {
      if (attempt > 1) {
        const pause = FIRST_BACKOFF_MS * 2 ** (attempt - 2);
        if (Date.now() + pause >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      const outcome = await this.attempt(base, call, body, deadline);
      if (outcome.done) return outcome.value;
      lastReason = outcome.reason;
      if (!outcome.retryable) break;
    }
    this.logger.warn(`${call.path} on ${call.context} failed: ${lastReason}`);
    throw new DependencyUnavailableError(call.context, lastReason);
  }

  private async attempt(
    base: string,
    call: RemoteCall,
    body: string,
    deadline: number,
  ): Promise<{ done: true; value: unknown } | { done: false; retryable: boolean; reason: string }> {
    let response: Response;
    try {
      const requestId = currentRequest()?.requestId;
      response = await fetch(`${base}${call.path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CONTRACT_VERSION_HEADER]: String(call.version),
          [SIGNATURE_HEADER]: signInternalCall(this.secret, call.path, body),
          ...(requestId ? { 'x-request-id': requestId } : {}),
        },
        body,
        signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())),
      });
    } catch (error) {
      return { done: false, retryable: true, reason: error instanceof Error ? error.message : String(error) };
    }
    const text = await response.text().catch(() => '');
    if (response.status !== 200)
      return {
        done: false,
        retryable: RETRYABLE_STATUSES.has(response.status),
        reason: `HTTP ${response.status} ${text.slice(0, 300)}`,
      };
    let answer: { result?: unknown; error?: RemoteError };
    try {
      answer = JSON.parse(text) as typeof answer;
    } catch {
      return { done: false, retryable: false, reason: 'the answer is not JSON' };
    }
    if (answer.error) {
      const { code, kind, message, details } = answer.error;
      throw new DomainError(code, kind, message, (decodeValue(details) as Record<string, unknown>) ?? {});
    }
    return { done: true, value: decodeValue(answer.result) };
  }
}
