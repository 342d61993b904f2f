import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { Metrics } from '../metrics/metrics';

/**
 * What an operator alerts on: mail piling up (`pending` growing, the oldest getting old: the SMTP
 * server is down or refusing) and mail given up (`failed`). Read at scrape time from the partial
 * indexes; sent and stored messages are not counted (they are history, not a queue).
 */
@Injectable()
export class MailMetrics {
  constructor(@InjectDataSource() dataSource: DataSource, metrics: Metrics) {
    new Gauge({
      name: 'mail_queue_messages',
      help: 'Messages waiting to be sent (pending), being sent (sending), and given up (failed)',
      labelNames: ['status'] as const,
      registers: [metrics.registry],
      async collect() {
        const rows: { status: string; n: number }[] = await dataSource.query(
          `SELECT s.status, (SELECT count(*)::int FROM mail.messages m WHERE m.status = s.status) AS n
           FROM unnest(ARRAY['pending', 'sending', 'failed']) AS s(status)`,
        );
        for (const row of rows) this.set({ status: row.status }, row.n);
      },
    });
    new Gauge({
      name: 'mail_oldest_unsent_seconds',
      help: 'Age of the oldest message not yet sent (pending or sending), 0 when none',
      registers: [metrics.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
           FROM mail.messages WHERE status IN ('pending', 'sending')`,
        );
        this.set(row.age);
      },
    });
  }
}
