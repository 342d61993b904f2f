import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** How long requests fail fast after the database stopped answering, before one tries again. */
const OPEN_FOR_MS = 3000;

export const databaseUnavailable = () =>
  new DomainError(
    'DATABASE.UNAVAILABLE',
    'unavailable',
    'The service is temporarily unavailable; try again shortly',
    {
      retryAfterSeconds: Math.ceil(OPEN_FOR_MS / 1000),
    },
  );

/**
 * A circuit breaker in front of the database. A frozen or partitioned server gives no refusal, only
 * silence: each query waits for the client timeout. Once one request has paid that wait, the
 * following ones answer 503 at once for a few seconds instead of queueing on the same silence;
 * then one request is let through to find out whether the database is back.
 */
@Injectable()
export class DatabaseCircuit {
  private openUntil = 0;

  tripped(now = Date.now()): void {
    this.openUntil = now + OPEN_FOR_MS;
  }

  isOpen(now = Date.now()): boolean {
    if (now < this.openUntil) return true;
    this.openUntil = 0;
    return false;
  }
}

/** Runs first; probes (/health/*) always pass so readiness sees the real state. */
@Injectable()
export class DatabaseCircuitGuard implements CanActivate {
  constructor(private readonly circuit: DatabaseCircuit) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ url: string }>();
    if (request.url.startsWith('/health/')) return true;
    if (this.circuit.isOpen()) throw databaseUnavailable();
    return true;
  }
}
