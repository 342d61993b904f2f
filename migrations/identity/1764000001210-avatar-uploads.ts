import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An uploaded avatar: its stored variants (keys and sizes; URLs are computed at read time). A
 * profile has one avatar, either an external URL or an upload.
 */
export class AvatarUploads1764000001210 implements MigrationInterface {
  name = 'AvatarUploads1764000001210';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity.profiles
        ADD COLUMN avatar_variants jsonb,
        ADD CONSTRAINT chk_profiles_one_avatar CHECK (avatar_url IS NULL OR avatar_variants IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE identity.profiles
        DROP CONSTRAINT chk_profiles_one_avatar,
        DROP COLUMN avatar_variants`);
  }
}
