import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../../../platform/audit/audit-trail';
import { IdentityAuditActions, selfActorById, userTarget } from './identity-audit';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from '../../../platform/crypto/secret-box';
import { MfaErrors } from '../domain/mfa.errors';
import { hashRecoveryCode, newRecoveryCodes } from '../domain/recovery-codes';
import { newTotpSecret, totpUri } from '../domain/totp';
import { MfaRecoveryCodeEntity } from '../persistence/mfa-recovery-code.entity';
import { CredentialCheck } from './credential-check';
import { SecondFactor, SecondFactorProof, TOTP_SECRET_PURPOSE } from './second-factor';

/** The name authenticator apps show beside the account. */
const TOTP_ISSUER = 'OneSociety';

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
}

/** Turning TOTP on (enrol, confirm with a first code), off, and renewing the recovery codes. */
@Injectable()
export class MfaEnrolmentService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secondFactor: SecondFactor,
    private readonly box: SecretBox,
    private readonly credentials: CredentialCheck,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * A new secret, pending until confirmed. Enrolling again before confirming replaces it (a lost QR
   * code); once confirmed, 409 until it is turned off. One upsert decides, so two concurrent
   * enrolments cannot overwrite a confirmed secret.
   */
  async enrol(userId: string, password: string): Promise<TotpEnrolment> {
    const user = await this.credentials.confirmPassword(userId, password);
    const secret = newTotpSecret();
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO identity.mfa_totp (user_id, secret_sealed) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE
         SET secret_sealed = EXCLUDED.secret_sealed, last_used_step = NULL, created_at = now(), updated_at = now()
         WHERE mfa_totp.confirmed_at IS NULL
       RETURNING user_id`,
      [userId, this.box.seal(TOTP_SECRET_PURPOSE, secret)],
    );
    if (rows.length === 0) throw MfaErrors.alreadyEnabled();
    return { secret, otpauthUri: totpUri(secret, user.email, TOTP_ISSUER) };
  }

  /** The first code proves the authenticator holds the secret; the recovery codes are shown this once. */
  async confirm(userId: string, code: string): Promise<string[]> {
    const [totp]: { secret_sealed: string; confirmed_at: Date | null }[] = await this.dataSource.query(
      'SELECT secret_sealed, confirmed_at FROM identity.mfa_totp WHERE user_id = $1',
      [userId],
    );
    if (!totp) throw MfaErrors.noPendingEnrolment();
    if (totp.confirmed_at) throw MfaErrors.alreadyEnabled();
    const codes = await this.secondFactor.attempt(userId, () =>
      this.dataSource.transaction(async (manager) =>
        (await this.secondFactor.spendCode(manager, userId, totp.secret_sealed, code, 'pending'))
          ? this.recorded(manager, userId, IdentityAuditActions.mfaEnabled, () =>
              this.replaceRecoveryCodes(manager, userId),
            )
          : null,
      ),
    );
    if (!codes) throw MfaErrors.codeRefused();
    return codes;
  }

  /** Needs the second factor itself: a stolen access token alone cannot turn it off. */
  async disable(userId: string, proof: SecondFactorProof): Promise<void> {
    await this.withProof(userId, proof, (manager) =>
      this.recorded(manager, userId, IdentityAuditActions.mfaDisabled, () =>
        this.secondFactor.eraseFor(manager, userId),
      ),
    );
  }

  /** New codes for old: every earlier code, used or not, stops working. */
  renewRecoveryCodes(userId: string, code: string): Promise<string[]> {
    return this.withProof(userId, { code }, (manager) =>
      this.recorded(manager, userId, IdentityAuditActions.recoveryCodesRegenerated, () =>
        this.replaceRecoveryCodes(manager, userId),
      ),
    );
  }

  /** Runs `change` in the transaction that spends the proof: refused, nothing changes. */
  private async withProof<T>(
    userId: string,
    proof: SecondFactorProof,
    change: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!(await this.secondFactor.isEnrolled(userId))) throw MfaErrors.notEnabled();
    const outcome = await this.secondFactor.attempt(userId, () =>
      this.dataSource.transaction(async (manager) =>
        (await this.secondFactor.spendWithin(manager, userId, proof))
          ? { value: await change(manager) }
          : null,
      ),
    );
    if (!outcome) throw MfaErrors.codeRefused();
    return outcome.value;
  }

  /** Runs `change` and records `action` in its transaction: the change and its entry stand or fall together. */
  private async recorded<T>(
    manager: EntityManager,
    userId: string,
    action: string,
    change: () => Promise<T>,
  ): Promise<T> {
    const result = await change();
    await this.audit.record(manager, {
      actor: await selfActorById(manager, userId),
      action,
      target: userTarget(userId),
    });
    return result;
  }

  private async replaceRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = newRecoveryCodes();
    await manager.delete(MfaRecoveryCodeEntity, { userId });
    await manager.insert(
      MfaRecoveryCodeEntity,
      codes.map((code) => ({ id: randomUUID(), userId, codeHash: hashRecoveryCode(code) })),
    );
    return codes;
  }
}
