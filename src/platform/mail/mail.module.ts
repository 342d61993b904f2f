import { Global, Module } from '@nestjs/common';
import { DevMailbox } from './dev-mailbox';
import { DevMailboxController } from './dev-mailbox.controller';
import { MailDispatcher } from './mail-dispatcher';
import { MailErasure } from './mail-erasure';
import { MailIntake } from './mail-intake';
import { MailMetrics } from './mail-metrics';
import { MailRenderer } from './mail-renderer';
import { MailRequests } from './mail-requests';
import { MailRetentionJob } from './mail-retention.job';
import { MailTemplates } from './mail-templates';
import { MailTransport } from './mail-transport';

const PUBLIC_API = [MailRequests, MailTemplates, MailErasure];
const MAIL_PATH = [
  MailRenderer,
  MailIntake,
  MailDispatcher,
  MailTransport,
  DevMailbox,
  MailRetentionJob,
  MailMetrics,
];

/**
 * The platform's mail path, with no business rules: contexts register templates and ask for
 * messages through their outbox (MailRequests); the intake renders and stores them, the
 * dispatcher sends them over SMTP, or they stay in the development mailbox; settled messages are
 * pruned after MAIL_RETENTION_DAYS. MailDispatcher is exported for tests (`drain()`).
 */
@Global()
@Module({
  providers: [...PUBLIC_API, ...MAIL_PATH],
  controllers: [DevMailboxController],
  exports: [...PUBLIC_API, MailDispatcher],
})
export class MailModule {}
