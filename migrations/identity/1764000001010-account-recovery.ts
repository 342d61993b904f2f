import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account recovery: whether the email was proven, the language mails are written in, and the
 * single-use tokens that email links carry (stored only as a SHA-256).
 */
export class AccountRecovery1764000001010 implements MigrationInterface {
  name = 'AccountRecovery1764000001010';

  async up(q: QueryRunner): Promise<void> {
    // Existing accounts stay unverified: nobody proved those addresses. They verify with a re-send.
    await q.query('ALTER TABLE identity.users ADD COLUMN email_verified_at timestamptz');
    await q.query(`ALTER TABLE identity.profiles ADD COLUMN locale text NOT NULL DEFAULT 'en'`);
    await q.query(
      `ALTER TABLE identity.profiles ADD CONSTRAINT chk_profiles_locale CHECK (locale IN ('en', 'fr'))`,
    );
    await q.query(`
      CREATE TABLE identity.account_tokens (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        purpose text NOT NULL,
        token_hash text NOT NULL,
        new_email text,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_account_tokens PRIMARY KEY (id),
        CONSTRAINT fk_account_tokens_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE,
        CONSTRAINT chk_account_tokens_purpose CHECK (purpose IN ('verify_email', 'change_email', 'password_reset')),
        CONSTRAINT chk_account_tokens_new_email CHECK ((purpose = 'change_email') = (new_email IS NOT NULL))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_account_tokens_token_hash ON identity.account_tokens (token_hash)');
    await q.query('CREATE INDEX ix_account_tokens_user ON identity.account_tokens (user_id)');
    // At most one live link per purpose: issuing a new one deletes the unused ones under the user's lock.
    await q.query(
      'CREATE UNIQUE INDEX uq_account_tokens_live ON identity.account_tokens (user_id, purpose) WHERE used_at IS NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.account_tokens');
    await q.query('ALTER TABLE identity.profiles DROP CONSTRAINT chk_profiles_locale');
    await q.query('ALTER TABLE identity.profiles DROP COLUMN locale');
    await q.query('ALTER TABLE identity.users DROP COLUMN email_verified_at');
  }
}
