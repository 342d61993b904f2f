import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActorById, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../platform/config/app-config';
import { SecretBox } from '../../../platform/crypto/secret-box';
import { RateLimiter } from '../../../platform/http/rate-limiter';
import { MfaErrors } from '../domain/mfa.errors';
import { hashRecoveryCode } from '../domain/recovery-codes';
import { matchTotpStep } from '../domain/totp';

/** What proves the second factor: a current authenticator code, or one unused recovery code. */
export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
}

export const TOTP_SECRET_PURPOSE = 'totp';
const ATTEMPT_WINDOW_SECONDS = 15 * 60;

/**
 * The account's second factor, for every flow that must ask for it (sign-in, turning it off, new
 * recovery codes, account deletion). Every attempt counts against a per-account limit, and each
 * proof is spent in one conditional UPDATE, so neither a replayed code nor two concurrent uses of
 * one recovery code can both succeed.
 */
@Injectable()
export class SecondFactor {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly box: SecretBox,
    private readonly limiter: RateLimiter,
    private readonly config: AppConfig,
    private readonly audit: AuditTrail,
  ) {}

  /** Whether sign-in asks for a code: a confirmed authenticator (a pending enrolment does not count). */
  async isEnrolled(userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      'SELECT 1 FROM identity.mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL',
      [userId],
    );
    return rows.length > 0;
  }

  /**
   * For the account's own routes: throws IDENTITY.MFA_NOT_ENABLED (409) when there is no confirmed
   * authenticator, IDENTITY.MFA_CODE_INVALID (403) for a wrong or reused proof, RATE_LIMITED (429).
   */
  async verify(userId: string, proof: SecondFactorProof): Promise<void> {
    if (!(await this.isEnrolled(userId))) throw MfaErrors.notEnabled();
    const accepted = await this.attempt(userId, () =>
      this.spendWithin(this.dataSource.manager, userId, proof),
    );
    if (!accepted) throw MfaErrors.codeRefused();
  }

  /**
   * Counts one attempt for the account, runs `check` (which may open its own transaction and call
   * spendWithin), and forgives the earlier attempts when it succeeded (by default: a truthy result). The counter
   * is touched outside any transaction: a rollback must not give the attempt back, and a counter
   * asked for while a transaction holds a pooled connection needs a second one, which a burst of
   * such requests would exhaust.
   */
  async attempt<T>(
    userId: string,
    check: () => Promise<T>,
    succeeded: (result: T) => boolean = Boolean,
  ): Promise<T> {
    await this.countAttempt(userId);
    const result = await check();
    if (succeeded(result)) await this.forgiveAttempts(userId);
    return result;
  }

  /**
   * Checks and spends `proof` in the caller's transaction; false when refused. Counts nothing: run
   * it inside `attempt`. Throws MFA_NOT_ENABLED (409) without a confirmed authenticator.
   */
  async spendWithin(manager: EntityManager, userId: string, proof: SecondFactorProof): Promise<boolean> {
    // `== null`: a null that got past a DTO is no proof either, never a TypeError (a 500).
    if (proof.code == null && proof.recoveryCode == null) throw MfaErrors.proofMissing();
    const [totp]: { secret_sealed: string }[] = await manager.query(
      'SELECT secret_sealed FROM identity.mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL',
      [userId],
    );
    if (!totp) throw MfaErrors.notEnabled();
    return proof.code != null
      ? this.spendCode(manager, userId, totp.secret_sealed, proof.code, 'confirmed')
      : this.spendRecoveryCode(manager, userId, proof.recoveryCode as string);
  }

  /**
   * spendWithin, counted. Inside a transaction the counter needs a second pooled connection:
   * prefer `attempt(userId, () => dataSource.transaction((m) => spendWithin(m, ...)))`.
   */
  spend(manager: EntityManager, userId: string, proof: SecondFactorProof): Promise<boolean> {
    return this.attempt(userId, () => this.spendWithin(manager, userId, proof));
  }

  /** Removes the authenticator, its recovery codes and open sign-in challenges (disabling, erasure). */
  async eraseFor(manager: EntityManager, userId: string): Promise<void> {
    await manager.query('DELETE FROM identity.mfa_challenges WHERE user_id = $1', [userId]);
    await manager.query('DELETE FROM identity.mfa_recovery_codes WHERE user_id = $1', [userId]);
    await manager.query('DELETE FROM identity.mfa_totp WHERE user_id = $1', [userId]);
  }

  /** One more code tried for this account; RATE_LIMITED (429) past MFA_RATE_LIMIT_PER_ACCOUNT per 15 min. */
  async countAttempt(userId: string): Promise<void> {
    await this.limiter.consume(
      `mfa:account:${userId}`,
      this.config.MFA_RATE_LIMIT_PER_ACCOUNT,
      ATTEMPT_WINDOW_SECONDS,
    );
  }

  async forgiveAttempts(userId: string): Promise<void> {
    await this.limiter.reset(`mfa:account:${userId}`);
  }

  /**
   * Accepts `code` for the stored secret when its time step is later than the last one accepted,
   * recording that step in the same statement. `state` picks the confirmed authenticator or the
   * pending one being confirmed (whose sealed secret must still be the one the code was checked
   * against: a concurrent re-enrolment replaces it).
   */
  async spendCode(
    manager: EntityManager,
    userId: string,
    secretSealed: string,
    code: string,
    state: 'confirmed' | 'pending',
  ): Promise<boolean> {
    const step = matchTotpStep(this.box.open(TOTP_SECRET_PURPOSE, secretSealed), code);
    if (step === null) return false;
    // TypeORM answers an UPDATE with [rows, affected].
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE identity.mfa_totp
       SET last_used_step = $2, updated_at = now(),
           confirmed_at = CASE WHEN $4 = 'pending' THEN now() ELSE confirmed_at END
       WHERE user_id = $1 AND secret_sealed = $3
         AND (CASE WHEN $4 = 'pending' THEN confirmed_at IS NULL ELSE confirmed_at IS NOT NULL END)
         AND (last_used_step IS NULL OR last_used_step < $2)`,
      [userId, step, secretSealed, state],
    );
    return affected > 0;
  }

  private async spendRecoveryCode(manager: EntityManager, userId: string, typed: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await manager.query(
      `UPDATE identity.mfa_recovery_codes SET used_at = now(), updated_at = now()
       WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`,
      [userId, hashRecoveryCode(typed)],
    );
    if (affected === 0) return false;
    // Recorded in the spending transaction: a refused login or deletion rolls the entry back too.
    const [{ remaining }]: { remaining: number }[] = await manager.query(
      'SELECT count(*)::int AS remaining FROM identity.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    );
    await this.audit.record(manager, {
      actor: await selfActorById(manager, userId),
      action: IdentityAuditActions.recoveryCodeUsed,
      target: userTarget(userId),
      details: { remaining },
    });
    return true;
  }
}
