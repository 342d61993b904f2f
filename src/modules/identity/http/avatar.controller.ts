import { Controller, Delete, HttpCode, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { AuthUser } from '../../../platform/auth/auth-user';
import { CurrentUser } from '../../../platform/auth/decorators';
import { ApiProblems } from '../../../platform/http/api-problems.decorator';
import { readUpload } from '../../../platform/http/multipart';
import { ApiImageUpload } from '../../../platform/media/api-upload.decorator';
import type { AccountView } from '../application/account-view';
import { AvatarService } from '../application/avatar.service';
import { AccountDto } from './dto/account.response';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('auth/profile/avatar')
export class AvatarController {
  constructor(private readonly avatars: AvatarService) {}

  @Put()
  @ApiOperation({
    operationId: 'auth_setAvatar',
    summary: 'Upload an avatar',
    description:
      'Replaces the avatar (an earlier upload or an avatarUrl). JPEG, PNG or WebP, re-encoded as WebP variants ' +
      'thumbnail (200 × 200 crop), card (fits 600 × 600) and full (fits 1600 × 1600), never upscaled, with ' +
      'EXIF and GPS metadata dropped; profile.avatarUrl is then the card variant, and the public user view shows it.',
  })
  @ApiImageUpload()
  @ApiOkResponse({ type: AccountDto, description: 'The account, profile.avatar holding the variants' })
  @ApiProblems(401, 404)
  async set(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest): Promise<AccountView> {
    const { bytes } = await readUpload(request);
    return this.avatars.set(user.id, bytes);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({
    operationId: 'auth_deleteAvatar',
    summary: 'Remove the avatar',
    description: 'An uploaded avatar and its stored files, or an avatarUrl; no avatar is no error.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiProblems(401, 404)
  async remove(@CurrentUser() user: AuthUser): Promise<void> {
    await this.avatars.remove(user.id);
  }
}
