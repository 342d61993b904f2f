import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import { receivedSanctions } from './sanctions.service';

/**
 * Trust's section of a person's data export: the people they blocked, and since when. Who blocked
 * them is left out: it is the other person's choice, and trust never tells anyone who blocked whom.
 * The sanctions they received, as GET /trust/sanctions shows them (the moderators' own notes and
 * names stay with trust). (Trust's reports join this section when they hold the person's data.)
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
    const sanctions = await receivedSanctions(this.dataSource.manager, userId);
    return {
      blocks: rows.map((r) => ({ userId: r.blocked_id, blockedAt: r.created_at.toISOString() })),
      sanctions,
    };
  }
}
