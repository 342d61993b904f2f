import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import type { AuditPage } from './audit-entry';
import { AuditLog } from './audit-log';
import { AuditPageDto, AuditQueryDto } from './audit.dto';

@ApiTags('admin')
@Controller('admin/audit')
export class AuditController {
  constructor(private readonly log: AuditLog) {}

  @Get()
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({
    operationId: 'admin_listAuditEntries',
    summary: 'The audit log (admins)',
    description:
      'Every admin action and security event (password, email, MFA and role changes, revoked sessions, ' +
      'deleted accounts, throttled logins), newest first. Filters combine (all must hold); `from` is ' +
      'inclusive, `to` exclusive. Keyset pagination on (occurredAt, id): pass nextCursor as `cursor` ' +
      'with the same filters. Entries are append-only: the database refuses to change or remove one.',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems(401, 403, 422)
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.log.page(query);
  }
}
