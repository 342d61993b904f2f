import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { JobScheduler } from '../../../platform/jobs/job-scheduler';
import { Metrics } from '../../../platform/metrics/metrics';
import { DRIFT_KINDS } from '../domain/reconciliation';
import { GatewayReconciliation } from './gateway-reconciliation';
import { PaymentSettings } from './payment-settings';
import { allowSlowGatewayCalls } from './slow-work';

export const RECONCILE_WITH_GATEWAY_JOB = 'payment.reconcile-with-gateway';

/**
 * The reconciliation job (one instance at a time, its `now` the clock) and what it reports to
 * Prometheus, read from the database at each scrape so every instance answers the same:
 * - `payment_reconciliation_drift{kind}`: subjects whose last check found that kind of drift;
 * - `payment_reconciliation_last_check_timestamp_seconds`: when a subject was last compared (an
 *   alert on its age catches a job that stopped).
 */
@Injectable()
export class ReconciliationJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly scheduler: JobScheduler,
    private readonly reconciliation: GatewayReconciliation,
    private readonly settings: PaymentSettings,
    private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: RECONCILE_WITH_GATEWAY_JOB,
      context: 'payment',
      intervalMs: this.settings.RECONCILIATION_INTERVAL_MS,
      run: async (manager, now) => {
        await allowSlowGatewayCalls(manager);
        await this.reconciliation.run(now);
      },
    });
    const dataSource = this.dataSource;
    new Gauge({
      name: 'payment_reconciliation_drift',
      help: "Payments, rentals' transfers and disputes whose last comparison with the gateway disagreed, by kind",
      labelNames: ['kind'] as const,
      registers: [this.metrics.registry],
      async collect() {
        const rows: { kind: string; n: number }[] = await dataSource.query(
          `SELECT d->>'kind' AS kind, count(DISTINCT (s.subject_type, s.subject_id))::int AS n
           FROM payment.reconciliation_subjects s, jsonb_array_elements(s.drifts) d
           WHERE s.drifts <> '[]'::jsonb GROUP BY 1`,
        );
        for (const kind of DRIFT_KINDS) this.set({ kind }, rows.find((r) => r.kind === kind)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'payment_reconciliation_last_check_timestamp_seconds',
      help: 'When the reconciliation job last compared a subject with the gateway (Unix seconds; 0: never)',
      registers: [this.metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          'SELECT coalesce(extract(epoch FROM max(checked_at)), 0)::float AS at FROM payment.reconciliation_subjects',
        );
        this.set(row.at);
      },
    });
  }
}
