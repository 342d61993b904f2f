import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { UuidParamPipe } from '../../../platform/http/uuid-param.pipe';
import { IdentityApi, PublicUser } from '../contracts/identity-api';
import { IdentityErrors } from '../domain/identity.errors';
import { PublicUserDto } from './dto/account.response';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly identity: IdentityApi) {}

  @Get(':id')
  @ApiOperation({
    operationId: 'users_getPublic',
    summary: "A user's public view",
    description: 'Never includes email or phone.',
  })
  @ApiOkResponse({ type: PublicUserDto })
  @ApiProblems(401, 404)
  async get(@Param('id', UuidParamPipe) id: string): Promise<PublicUser> {
    const user = await this.identity.findPublicUser(id);
    if (!user) throw IdentityErrors.userNotFound();
    return user;
  }
}
