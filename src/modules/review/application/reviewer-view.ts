import { Injectable } from '@nestjs/common';
import { IdentityApi } from '../../identity';

export interface ReviewerView {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}

/**
 * Names reviewers with one batched call to identity. Reviews of an erased account stay, signed
 * 'Deleted user'; suspended accounts come back as null.
 */
@Injectable()
export class Reviewers {
  constructor(private readonly identity: IdentityApi) {}

  async byId(ids: string[]): Promise<Map<string, ReviewerView>> {
    if (ids.length === 0) return new Map();
    const users = await this.identity.describeUsers([...new Set(ids)]);
    return new Map(
      users.map((u) => [u.id, { id: u.id, displayName: u.displayName, avatarUrl: u.avatarUrl }]),
    );
  }
}
