import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { EventBus } from '../../../platform/events/event-bus';
import { MailRequests } from '../../../platform/mail/mail-requests';
import { toMailLocale } from '../../../platform/mail/mail-template';
import { MailTemplates } from '../../../platform/mail/mail-templates';
import { PersonalDataRegistry } from '../../../platform/privacy/personal-data';
import { DataExportRequested } from '../contracts/identity.events';
import { exportExpiry } from '../domain/data-export-rules';
import { DataExportEntity } from '../persistence/data-export.entity';
import { identityPersonalData } from './identity-personal-data';
import { DATA_EXPORT_READY_MAIL, dataExportReadyMail } from './mail/data-export-ready.mail';

export const ASSEMBLE_DATA_EXPORT = 'identity.assemble-data-export';

/** What the assembler itself reads back from identity's section. */
interface IdentitySection {
  account: { email: string; status: string };
  profile: { displayName: string; locale: string } | null;
}

/**
 * Builds the export document when DataExportRequested arrives: identity's own section, then every
 * context's through PersonalDataRegistry (identity never reads their tables). Each section is read
 * on its own connection, so the relay's transaction only locks the row and writes the outcome.
 *
 * A failed assembly is recorded (`failed`, last_error) and NOT rethrown: the relay delivers each
 * outbox in order, so a retried export would hold back every later identity event (verification
 * and reset mails, UserDeleted) for the whole back-off. The person sees `failed` and may ask again
 * at once; an event the relay never managed to deliver leaves a stale pending row, which the purge
 * job marks failed (data-export-purge.job.ts).
 */
@Injectable()
export class DataExportAssembler implements OnModuleInit {
  private readonly logger = new Logger(DataExportAssembler.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly registry: PersonalDataRegistry,
    private readonly mail: MailRequests,
    private readonly templates: MailTemplates,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.templates.register(dataExportReadyMail);
    this.bus.subscribe(DataExportRequested, {
      name: ASSEMBLE_DATA_EXPORT,
      inbox: 'identity',
      handle: (event, manager) => this.assemble(manager, event.payload.exportId),
    });
  }

  async assemble(manager: EntityManager, exportId: string): Promise<void> {
    const row = await manager.findOne(DataExportEntity, {
      where: { id: exportId, status: 'pending' },
      lock: { mode: 'pessimistic_write' },
    });
    // Erased with the account, or given up on by the purge job meanwhile: nothing to do.
    if (!row) return;
    const generatedAt = new Date();
    let document: Record<string, unknown>;
    try {
      document = await this.buildDocument(row.userId, generatedAt);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`data export ${exportId} failed: ${message}`);
      return this.fail(manager, exportId, message);
    }
    // Suspended or erased since the request: no copy of their data, and no mail to a closed account.
    if ((document.identity as IdentitySection).account.status !== 'active')
      return this.fail(manager, exportId, 'The account is no longer active');
    const completedAt = new Date();
    const expiresAt = exportExpiry(completedAt, this.config.DATA_EXPORT_TTL_DAYS);
    await manager.query(
      `UPDATE identity.data_exports
       SET status = 'ready', document = $2::jsonb, completed_at = $3, expires_at = $4, updated_at = now()
       WHERE id = $1`,
      [exportId, JSON.stringify(document), completedAt, expiresAt],
    );
    await this.askForMail(manager, row.userId, exportId, document, expiresAt);
  }

  private async fail(manager: EntityManager, exportId: string, message: string): Promise<void> {
    await manager.update(
      DataExportEntity,
      { id: exportId },
      { status: 'failed', completedAt: new Date(), lastError: message.slice(0, 2000) },
    );
  }

  private async buildDocument(userId: string, generatedAt: Date): Promise<Record<string, unknown>> {
    const [identity, others] = await Promise.all([
      identityPersonalData(this.dataSource.manager, userId, generatedAt),
      this.registry.exportAll(userId),
    ]);
    // Identity's own keys last: a context registered under one of these names could not shadow them.
    return { ...others, generatedAt: generatedAt.toISOString(), userId, identity };
  }

  private async askForMail(
    manager: EntityManager,
    userId: string,
    exportId: string,
    document: Record<string, unknown>,
    expiresAt: Date,
  ): Promise<void> {
    const identity = document.identity as IdentitySection;
    await this.mail.request(manager, 'identity', {
      userId,
      to: identity.account.email,
      locale: toMailLocale(identity.profile?.locale),
      template: DATA_EXPORT_READY_MAIL,
      data: {
        displayName: identity.profile?.displayName ?? 'there',
        link: `${this.config.PUBLIC_WEB_URL}/account/data-exports/${exportId}`,
        expiresOn: expiresAt.toISOString().slice(0, 10),
      },
    });
  }
}
