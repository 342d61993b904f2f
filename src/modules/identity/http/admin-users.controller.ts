import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { RoleAssignmentService, type UserRoleView } from '../application/role-assignment.service';
import { SetUserRoleDto, UserRoleDto } from './dto/user-role.dto';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly roles: RoleAssignmentService) {}

  @Put(':userId/role')
  @Roles('admin')
  @ApiOperation({
    operationId: 'admin_setUserRole',
    summary: "Grant or revoke a user's admin role (admins)",
    description:
      'Idempotent: setting the role a user already has changes nothing. A change ends every session ' +
      'of the user (the role travels in their access tokens, which stay valid until they expire, 15 ' +
      'minutes at most) and is recorded in the audit log (identity.role_granted / identity.role_revoked). ' +
      'An admin cannot remove their own admin role (409 IDENTITY.OWN_ADMIN_ROLE), so the last admin ' +
      'cannot lock everyone out. An unknown or deleted user is a 404.',
  })
  @ApiOkResponse({ type: UserRoleDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  setRole(
    @CurrentUser() caller: AuthUser,
    @Param('userId', UuidParamPipe) userId: string,
    @Body() body: SetUserRoleDto,
  ): Promise<UserRoleView> {
    return this.roles.setRole(caller, userId, body.role);
  }
}
