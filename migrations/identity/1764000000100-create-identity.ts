import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1764000000100 implements MigrationInterface {
  name = 'CreateIdentity1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS identity');
    await q.query(`
      CREATE TABLE identity.users (
        id uuid NOT NULL,
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL DEFAULT 'user',
        status text NOT NULL DEFAULT 'active',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_users PRIMARY KEY (id),
        CONSTRAINT chk_users_email_lowercase CHECK (email = lower(email)),
        CONSTRAINT chk_users_role CHECK (role IN ('user', 'admin')),
        CONSTRAINT chk_users_status CHECK (status IN ('active', 'suspended'))
      )`);
    await q.query('CREATE UNIQUE INDEX uq_users_email ON identity.users (email)');
    await q.query(`
      CREATE TABLE identity.profiles (
        user_id uuid NOT NULL,
        full_name text NOT NULL,
        display_name text NOT NULL,
        bio text,
        avatar_url text,
        phone text,
        city text,
        country char(2),
        latitude double precision,
        longitude double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_profiles PRIMARY KEY (user_id),
        CONSTRAINT fk_profiles_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE,
        CONSTRAINT chk_profiles_latitude CHECK (latitude BETWEEN -90 AND 90),
        CONSTRAINT chk_profiles_longitude CHECK (longitude BETWEEN -180 AND 180)
      )`);
    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        family_id uuid NOT NULL,
        token_hash text NOT NULL,
        expires_at timestamptz NOT NULL,
        rotated_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
        CONSTRAINT fk_refresh_tokens_user FOREIGN KEY (user_id) REFERENCES identity.users (id) ON DELETE CASCADE
      )`);
    await q.query('CREATE UNIQUE INDEX uq_refresh_tokens_token_hash ON identity.refresh_tokens (token_hash)');
    await q.query('CREATE INDEX ix_refresh_tokens_family ON identity.refresh_tokens (family_id)');
    await q.query('CREATE INDEX ix_refresh_tokens_user ON identity.refresh_tokens (user_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE identity.refresh_tokens');
    await q.query('DROP TABLE identity.profiles');
    await q.query('DROP TABLE identity.users');
    await q.query('DROP SCHEMA identity');
  }
}
