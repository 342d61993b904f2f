import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploaded listing photos beside the external-URL ones: an upload has no URL of its own (URLs are
 * computed at read time from the stored variants' keys, since presigned ones expire) but its
 * variants, its dimensions and the hash of the bytes it came from.
 */
export class ProductImageUploads1764000001200 implements MigrationInterface {
  name = 'ProductImageUploads1764000001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE catalog.product_images
        ADD COLUMN source text NOT NULL DEFAULT 'url',
        ADD COLUMN variants jsonb,
        ADD COLUMN width integer,
        ADD COLUMN height integer,
        ADD COLUMN content_hash text,
        ALTER COLUMN url DROP NOT NULL,
        DROP CONSTRAINT chk_product_images_https,
        ADD CONSTRAINT chk_product_images_source CHECK (source IN ('url', 'upload')),
        ADD CONSTRAINT chk_product_images_url CHECK (
          (source = 'url' AND url LIKE 'https://%' AND variants IS NULL AND content_hash IS NULL)
          OR (source = 'upload' AND url IS NULL AND variants IS NOT NULL AND width > 0 AND height > 0
              AND content_hash ~ '^[0-9a-f]{64}$'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM catalog.product_images WHERE source = 'upload'`);
    await q.query(`
      ALTER TABLE catalog.product_images
        DROP CONSTRAINT chk_product_images_url,
        DROP CONSTRAINT chk_product_images_source,
        ALTER COLUMN url SET NOT NULL,
        ADD CONSTRAINT chk_product_images_https CHECK (url LIKE 'https://%'),
        DROP COLUMN content_hash,
        DROP COLUMN height,
        DROP COLUMN width,
        DROP COLUMN variants,
        DROP COLUMN source`);
  }
}
