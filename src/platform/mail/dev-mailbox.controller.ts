import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import type { MailboxPage } from './dev-mailbox';
import { DevMailbox } from './dev-mailbox';
import { MailboxPageDto, MailboxQueryDto } from './dev-mailbox.dto';

@ApiTags('development')
@Public()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(private readonly mailbox: DevMailbox) {}

  @Get()
  @ApiOperation({
    operationId: 'dev_listMailbox',
    summary: 'Emails kept instead of sent (development only)',
    description:
      'Without SMTP_URL the app sends no email: each one is kept here, newest first, with the links of its ' +
      'text part, so the verification or reset link can be opened by hand. Keyset pagination on ' +
      '(createdAt, id): pass nextCursor as `cursor`. Answers 404 unless DEV_MAILBOX_ENABLED (never in ' +
      'production: these links open accounts).',
  })
  @ApiOkResponse({ type: MailboxPageDto })
  @ApiProblems(404, 422)
  list(@Query() query: MailboxQueryDto): Promise<MailboxPage> {
    return this.mailbox.list(query);
  }
}
