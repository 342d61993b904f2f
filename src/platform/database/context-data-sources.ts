import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The connection each context's schema is reached through. Platform code that works on a context's
 * tables on its behalf (the relay reading an outbox, a subscriber's inbox transaction) asks here
 * rather than using the app's DataSource, so a context's writes always run as that context.
 */
@Injectable()
export class ContextDataSources {
  constructor(@InjectDataSource() private readonly app: DataSource) {}

  /** The DataSource for `schema` (a context's name, or a test's own schema). */
  for(_schema: string): DataSource {
    return this.app;
  }
}
