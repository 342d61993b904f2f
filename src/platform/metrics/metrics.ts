import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';
import { ContextDataSources } from '../database/context-data-sources';
import { outboxTable } from '../events/event-tables';
import { routeOf } from '../http/request-logging';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * Prometheus metrics of this instance, in a registry of its own (not prom-client's global one),
 * so several apps in one process (tests) never collide.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(sources: ContextDataSources) {
    collectDefaultMetrics({ register: this.registry });
    const poolOf = (source: DataSource) => (source.driver as unknown as { master?: PgPool }).master;
    new Gauge({
      name: 'db_pool_connections',
      help: "Database pool connections by pool (the platform's, each context's, its guard's) and state",
      labelNames: ['pool', 'state'] as const,
      registers: [this.registry],
      collect() {
        for (const { name, source } of sources.pools()) {
          const p = poolOf(source);
          if (!p) continue;
          this.set({ pool: name, state: 'total' }, p.totalCount);
          this.set({ pool: name, state: 'idle' }, p.idleCount);
          this.set({ pool: name, state: 'waiting' }, p.waitingCount);
        }
      },
    });
    new Gauge({
      name: 'outbox_oldest_pending_seconds',
      help: 'Age of the oldest undelivered integration event, per context outbox',
      labelNames: ['context'] as const,
      registers: [this.registry],
      async collect() {
        for (const schema of await sources.schemasWithTable('outbox_events')) {
          const [row] = await sources.for(schema).query(
            `SELECT coalesce(extract(epoch FROM now() - min(occurred_at)), 0)::float AS lag
             FROM ${outboxTable(schema)} WHERE published_at IS NULL`,
          );
          this.set({ context: schema }, row.lag);
        }
      },
    });
  }

  instrument(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', async (request, reply) => {
      const labels = { method: request.method, route: routeOf(request), status: String(reply.statusCode) };
      this.requests.inc(labels);
      this.latency.observe(labels, reply.elapsedTime / 1000);
    });
  }
}
