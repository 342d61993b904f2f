import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditLog } from './audit-log';
import { AuditTrail } from './audit-trail';

/**
 * The audit log, with no business rules: any context records through AuditTrail inside its own
 * transaction; admins read it through GET /admin/audit (AuditLog).
 */
@Global()
@Module({ providers: [AuditTrail, AuditLog], controllers: [AuditController], exports: [AuditTrail] })
export class AuditModule {}
