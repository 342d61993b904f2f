import { Body, Controller, Delete, HttpCode } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { AccountDeletionService } from '../application/account-deletion.service';
import { DeleteAccountDto } from './dto/delete-account.dto';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('account')
export class AccountDeletionController {
  constructor(private readonly deletion: AccountDeletionService) {}

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'account_delete',
    summary: 'Erase your account and personal data (GDPR erasure)',
    description:
      'Needs the password, and `code` or `recoveryCode` when two-step verification is on (403 ' +
      '`IDENTITY.CURRENT_PASSWORD_WRONG` / `IDENTITY.MFA_CODE_INVALID`, 422 `IDENTITY.MFA_PROOF_REQUIRED`). ' +
      'Refused with 409 `IDENTITY.ERASURE_BLOCKED` while something must be finished or settled first: ' +
      '`blockers` lists `{ code, count, detail }` (unfinished rentals, money held or still owed). ' +
      'Otherwise every session ends at once (access tokens already issued expire on their own), the ' +
      'account can no longer sign in, and each part of the marketplace erases what it holds: listings ' +
      'are withdrawn, open requests cancelled, the subscription ended. Finished rentals, payments ' +
      '(the ledger, as bookkeeping law requires), messages and reviews stay for the other party, ' +
      "signed 'Deleted user'.",
  })
  @ApiNoContentResponse({ description: 'Erased' })
  @ApiProblems(400, 401, 403, 404, 409, 422, 429)
  async delete(@CurrentUser() user: AuthUser, @Body() body: DeleteAccountDto): Promise<void> {
    await this.deletion.deleteAccount(user.id, body);
  }
}
