import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { Role } from '../../../../platform/auth/auth-user';

const ROLES: Role[] = ['user', 'admin'];

export class SetUserRoleDto {
  @ApiProperty({ enum: ROLES, enumName: 'Role', example: 'admin' })
  @IsIn(ROLES, { message: 'role must be one of: user, admin' })
  role: Role;
}

export class UserRoleDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' }) role: Role;
  @ApiProperty({
    minimum: 0,
    maximum: 100000,
    description: "The person's sessions this change ended (0 when the role was already this one)",
  })
  sessionsRevoked: number;
}
