import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { In } from 'typeorm';
import { PublicUser } from '../contracts/identity-api';
import { IdentityApi } from '../contracts/identity-api';
import { UserEntity } from '../persistence/user.entity';

export function toPublicUser(user: UserEntity): PublicUser {
  return {
    id: user.id,
    displayName: user.profile?.displayName ?? 'Member',
    avatarUrl: user.profile?.avatarUrl ?? null,
    city: user.profile?.city ?? null,
    country: user.profile?.country ?? null,
    memberSince: user.createdAt.toISOString(),
  };
}

@Injectable()
export class IdentityApiService extends IdentityApi {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async findPublicUsers(ids: string[]): Promise<PublicUser[]> {
    if (ids.length === 0) return [];
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { id: In([...new Set(ids)]), status: 'active' }, relations: { profile: true } });
    return users.map(toPublicUser);
  }

  async findPublicUser(id: string): Promise<PublicUser | null> {
    const [user] = await this.findPublicUsers([id]);
    return user ?? null;
  }

  async isActive(userId: string): Promise<boolean> {
    return this.dataSource.getRepository(UserEntity).exists({ where: { id: userId, status: 'active' } });
  }
}
