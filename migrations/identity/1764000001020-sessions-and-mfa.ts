import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions a person can recognise (the client's user agent and network on each refresh token) and
 * TOTP second factor: the sealed authenticator secret, hashed recovery codes, sign-in challenges.
 */
export class SessionsAndMfa1764000001020 implements MigrationInterface {
  name = 'SessionsAndMfa1764000001020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE identity.refresh_tokens ADD COLUMN user_agent text, ADD COLUMN ip_prefix text',
    );
    await q.query(`
      CREATE TABLE identity.mfa_totp (
        user_id uuid NOT NULL,
        secret_sealed text NOT NULL,
        confirmed_at timestamptz,
        last_used_step bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mfa_totp PRIMARY KEY (user_id),
        CONSTRAINT fk_mfa_totp_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE identity.mfa_recovery_codes (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        code_hash text NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mfa_recovery_codes PRIMARY KEY (id),
        CONSTRAINT fk_mfa_recovery_codes_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_mfa_recovery_codes_user_code ON identity.mfa_recovery_codes (user_id, code_hash)',
    );
    await q.query(`
      CREATE TABLE identity.mfa_challenges (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        user_agent text,
        ip_prefix text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_mfa_challenges PRIMARY KEY (id),
        CONSTRAINT fk_mfa_challenges_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE UNIQUE INDEX uq_mfa_challenges_token_hash ON identity.mfa_challenges (token_hash)');
    await q.query('CREATE INDEX ix_mfa_challenges_user ON identity.mfa_challenges (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.mfa_challenges');
    await q.query('DROP TABLE identity.mfa_recovery_codes');
    await q.query('DROP TABLE identity.mfa_totp');
    await q.query('ALTER TABLE identity.refresh_tokens DROP COLUMN ip_prefix, DROP COLUMN user_agent');
  }
}
