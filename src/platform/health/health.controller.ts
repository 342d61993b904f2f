import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { ContextDataSources } from '../database/context-data-sources';
import { ApiProblems } from '../http/api-problems.decorator';

const READY_TIMEOUT_MS = 2000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  private migrationsApplied = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sources: ContextDataSources,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'health_live', summary: 'The process is up' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'health_ready',
    summary: 'The database answers and every migration is applied',
  })
  @ApiOkResponse({ schema: { example: { status: 'ok', database: 'up', migrations: 'applied' } } })
  @ApiProblems(503)
  async ready() {
    try {
      await withTimeout(this.check(), READY_TIMEOUT_MS);
      return { status: 'ok', database: 'up', migrations: 'applied' };
    } catch (error) {
      throw new ServiceUnavailableException(
        error instanceof PendingMigrations ? error.message : 'The database is unreachable',
      );
    }
  }

  private async check(): Promise<void> {
    // After the database restarts, the pool may still hold a connection the server cut; the first
    // query on it fails and the pool discards it, so one retry answers for the database itself.
    await this.dataSource.query('SELECT 1').catch(() => this.dataSource.query('SELECT 1'));
    if (this.migrationsApplied) return;
    if (await this.dataSource.showMigrations()) throw new PendingMigrations('Migrations are pending');
    // A context on a database of its own (<CONTEXT>_DATABASE_URL) is migrated there.
    const pending = await this.sources.withPendingMigrations();
    if (pending.length > 0)
      throw new PendingMigrations(`Migrations are pending on the database of ${pending.join(', ')}`);
    this.migrationsApplied = true;
  }
}

class PendingMigrations extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
