import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';

/**
 * Trust's section of a person's data export: the people they blocked, and since when. Who blocked
 * them is left out: it is the other person's choice, and trust never tells anyone who blocked whom.
 * (Trust's reports and sanctions join this section when they hold the person's data.)
 */
@Injectable()
export class BlocksPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('trust', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const rows: { blocked_id: string; created_at: Date }[] = await this.dataSource.query(
      `SELECT blocked_id, created_at FROM trust.blocks WHERE blocker_id = $1 ORDER BY created_at, blocked_id`,
      [userId],
    );
    return { blocks: rows.map((r) => ({ userId: r.blocked_id, blockedAt: r.created_at.toISOString() })) };
  }
}
