import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { IdentityErrors } from '../domain/identity.errors';
import { MfaErrors } from '../domain/mfa.errors';
import type { SessionClient } from '../domain/session-client';
import { MfaChallengeEntity } from '../persistence/mfa-challenge.entity';
import { UserEntity } from '../persistence/user.entity';
import { AvatarViews } from './avatar-views';
import type { Session } from './token-issuer';
import { SecondFactor, SecondFactorProof } from './second-factor';
import { TokenIssuer } from './token-issuer';

export const MFA_METHODS = ['totp', 'recovery_code'] as const;

/** The answer to a right password on an account with a second factor: no tokens yet. */
export interface MfaChallenge {
  mfaRequired: true;
  challengeToken: string;
  expiresAt: string;
  methods: (typeof MFA_METHODS)[number][];
}

const hashChallengeToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Why a challenge can no longer be redeemed, if it cannot. */
const refusal = (challenge: MfaChallengeEntity) =>
  challenge.usedAt
    ? MfaErrors.challengeInvalid()
    : challenge.expiresAt.getTime() <= Date.now()
      ? MfaErrors.challengeExpired()
      : null;

/** The second half of a sign-in: a challenge handed out for the password, redeemed with a code. */
@Injectable()
export class MfaLoginService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secondFactor: SecondFactor,
    private readonly tokens: TokenIssuer,
    private readonly config: AppConfig,
    private readonly avatars: AvatarViews,
  ) {}

  /** Whether a right password must be followed by a code: the user has a confirmed authenticator. */
  isRequired(userId: string, manager?: EntityManager): Promise<boolean> {
    return this.secondFactor.isEnrolled(userId, manager);
  }

  /** Also drops the user's spent and expired challenges, so the table holds only open ones. */
  async open(userId: string, client: SessionClient): Promise<MfaChallenge> {
    const challengeToken = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.MFA_CHALLENGE_TTL_SECONDS * 1000);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        'DELETE FROM identity.mfa_challenges WHERE user_id = $1 AND (used_at IS NOT NULL OR expires_at <= now())',
        [userId],
      );
      await manager.insert(MfaChallengeEntity, {
        id: randomUUID(),
        userId,
        tokenHash: hashChallengeToken(challengeToken),
        expiresAt,
        userAgent: client.userAgent,
        ipPrefix: client.ipPrefix,
      });
    });
    return {
      mfaRequired: true,
      challengeToken,
      expiresAt: expiresAt.toISOString(),
      methods: [...MFA_METHODS],
    };
  }

  /**
   * Opens the session once the proof is accepted. The challenge row is locked while the proof is
   * spent, so it is redeemed once however many completions race; a wrong code leaves it open (until
   * it expires; the attempt limit bounds guessing) so a typo does not cost the password again. The
   * attempt is counted before the transaction (SecondFactor.attempt says why).
   */
  async complete(challengeToken: string, proof: SecondFactorProof, client: SessionClient): Promise<Session> {
    const tokenHash = hashChallengeToken(challengeToken);
    const found = await this.dataSource.getRepository(MfaChallengeEntity).findOne({ where: { tokenHash } });
    if (!found) throw MfaErrors.challengeInvalid();
    const early = refusal(found);
    if (early) throw early;
    const outcome = await this.secondFactor.attempt(
      found.userId,
      () =>
        this.dataSource.transaction(async (manager) => {
          const challenge = await manager.findOne(MfaChallengeEntity, {
            where: { id: found.id },
            lock: { mode: 'pessimistic_write' },
          });
          if (!challenge) return { error: MfaErrors.challengeInvalid() };
          const refused = refusal(challenge);
          if (refused) return { error: refused };
          const user = await manager.findOne(UserEntity, {
            where: { id: challenge.userId },
            relations: { profile: true },
          });
          // Suspended since the password was given: told as the login itself would have.
          if (user?.status === 'suspended')
            return { error: IdentityErrors.accountSuspended(user.suspendedUntil) };
          if (!user?.profile || user.status !== 'active')
            return { error: IdentityErrors.invalidCredentials() };
          if (!(await this.secondFactor.isEnrolled(user.id, manager)))
            return { error: MfaErrors.challengeInvalid() };
          if (!(await this.secondFactor.spendWithin(manager, user.id, proof)))
            return { error: MfaErrors.codeRefusedAtLogin() };
          await manager.update(MfaChallengeEntity, { id: challenge.id }, { usedAt: new Date() });
          // The password was given from the challenge's client; the completing request normally is it.
          const pair = await this.tokens.issue(manager, user, {
            userAgent: client.userAgent ?? challenge.userAgent,
            ipPrefix: client.ipPrefix ?? challenge.ipPrefix,
          });
          return { session: { ...pair, user: await this.avatars.account(user, user.profile, true) } };
        }),
      (result) => 'session' in result,
    );
    if ('error' in outcome) throw outcome.error;
    return outcome.session;
  }
}
