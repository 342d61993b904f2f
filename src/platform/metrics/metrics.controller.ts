import { Controller, Get, Header, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { AppConfig } from '../config/app-config';
import { Metrics } from './metrics';

/** Prometheus scrape endpoint, outside /api/v1 and the public contract; off unless METRICS_ENABLED. */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    if (!this.config.METRICS_ENABLED) throw new NotFoundException();
    return this.metrics.registry.metrics();
  }
}
