import { Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { receivedSanctions } from './sanctions.service';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import { reportsFiledBy } from '../persistence/report.store';

/**
 * Trust's section of a person's data export: the people they blocked, the reports they filed (as
 * they see them in the API) and the sanctions imposed on them with the reasons they were given.
 * Left out, as each is someone else's: who blocked them, who reported them, which moderator
 * decided and the moderators' internal notes.
 */
@Injectable()
export class TrustPersonalDataExport implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: PersonalDataRegistry,
  ) {}

  onModuleInit(): void {
    this.registry.registerExporter('trust', (userId) => this.export(userId));
  }

  async export(userId: string): Promise<Record<string, unknown>> {
    const manager = this.dataSource.manager;
    const blocks: { blocked_id: string; created_at: Date }[] = await manager.query(
      `SELECT blocked_id, created_at FROM trust.blocks WHERE blocker_id = $1 ORDER BY created_at, blocked_id`,
      [userId],
    );
    const reports = await reportsFiledBy(manager, userId);
    return {
      blocks: blocks.map((r) => ({ userId: r.blocked_id, blockedAt: r.created_at.toISOString() })),
      reports: reports.map((r) => ({
        id: r.id,
        targetType: r.targetType,
        targetId: r.targetId,
        reason: r.reason,
        note: r.note,
        status: r.status,
        createdAt: r.createdAt,
        resolvedAt: r.resolvedAt,
      })),
      // As the person reads them at GET /trust/sanctions, oldest first like the rest of the document.
      sanctions: await receivedSanctions(manager, userId),
    };
  }
}
