import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { AccountRecoveryErrors } from '../domain/account-recovery.errors';
import { IdentityErrors } from '../domain/identity.errors';
import { UserEntity } from '../persistence/user.entity';
import { PasswordHasher } from './password-hasher';

/**
 * Re-asks a signed-in caller for their password before a sensitive change. Limited per account as
 * logins are: a stolen access token must not become a password-guessing oracle.
 */
@Injectable()
export class CredentialCheck {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
  ) {}

  /** The caller's user row once `password` proved right; 403 CURRENT_PASSWORD_WRONG otherwise. */
  async confirmPassword(userId: string, password: string): Promise<UserEntity> {
    await this.limiter.consume(
      `password-check:user:${userId}`,
      this.config.AUTH_RATE_LIMIT_PER_ACCOUNT,
      this.config.AUTH_RATE_LIMIT_WINDOW_SECONDS,
    );
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId } });
    // An erased (or suspended) account's access token may outlive it; its hash is no bcrypt hash.
    if (!user || user.status !== 'active') throw IdentityErrors.userNotFound();
    if (!(await this.hasher.verify(password, user.passwordHash)))
      throw AccountRecoveryErrors.currentPasswordWrong();
    return user;
  }
}
