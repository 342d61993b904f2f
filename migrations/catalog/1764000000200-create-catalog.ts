import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createEventTables, dropEventTables } from '../../src/platform/events/event-tables.migration';

// Rows visible to other people: the public search indexes are partial on this predicate.
const VISIBLE = `status = 'active' AND deleted_at IS NULL AND owner_active`;

export class CreateCatalog1764000000200 implements MigrationInterface {
  name = 'CreateCatalog1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SCHEMA IF NOT EXISTS catalog');
    await q.query(`
      CREATE TABLE catalog.categories (
        id uuid NOT NULL,
        parent_id uuid,
        name text NOT NULL,
        name_key text NOT NULL,
        slug text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_categories PRIMARY KEY (id),
        CONSTRAINT fk_categories_parent FOREIGN KEY (parent_id) REFERENCES catalog.categories (id) ON DELETE RESTRICT,
        CONSTRAINT chk_categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id),
        CONSTRAINT chk_categories_slug CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')
      )`);
    await q.query('CREATE UNIQUE INDEX uq_categories_slug ON catalog.categories (slug)');
    // Sibling names are unique case-insensitively; roots (parent NULL) count as siblings too.
    await q.query(
      'CREATE UNIQUE INDEX uq_categories_parent_name ON catalog.categories (parent_id, name_key) NULLS NOT DISTINCT',
    );
    await q.query('CREATE INDEX ix_categories_parent ON catalog.categories (parent_id)');

    await q.query(`
      CREATE TABLE catalog.tags (
        id uuid NOT NULL,
        name text NOT NULL,
        name_key text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_tags PRIMARY KEY (id)
      )`);
    await q.query('CREATE UNIQUE INDEX uq_tags_name_key ON catalog.tags (name_key)');

    await q.query(`
      CREATE TABLE catalog.products (
        id uuid NOT NULL,
        owner_id uuid NOT NULL,
        category_id uuid NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        tag_names text[] NOT NULL DEFAULT '{}',
        specifications jsonb NOT NULL DEFAULT '{}',
        condition text NOT NULL,
        street text,
        city text NOT NULL,
        country char(2) NOT NULL,
        latitude double precision,
        longitude double precision,
        daily_price integer NOT NULL,
        weekly_price integer,
        deposit integer NOT NULL DEFAULT 0,
        currency char(3) NOT NULL,
        min_days integer NOT NULL,
        max_days integer NOT NULL,
        lead_time_days integer NOT NULL,
        buffer_days integer NOT NULL,
        status text NOT NULL,
        listed_at timestamptz,
        deleted_at timestamptz,
        owner_active boolean NOT NULL DEFAULT true,
        rating_average double precision,
        rating_count integer NOT NULL DEFAULT 0,
        rating_updated_at timestamptz,
        search_vector tsvector,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_products PRIMARY KEY (id),
        CONSTRAINT fk_products_category FOREIGN KEY (category_id) REFERENCES catalog.categories (id) ON DELETE RESTRICT,
        CONSTRAINT chk_products_status CHECK (status IN ('draft', 'active', 'paused')),
        CONSTRAINT chk_products_condition CHECK (condition IN ('new', 'like_new', 'good', 'fair', 'worn')),
        CONSTRAINT chk_products_coordinates CHECK ((latitude IS NULL) = (longitude IS NULL)
          AND latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
        CONSTRAINT chk_products_prices CHECK (daily_price > 0 AND (weekly_price IS NULL OR weekly_price > 0) AND deposit >= 0),
        CONSTRAINT chk_products_currency CHECK (currency ~ '^[A-Z]{3}$'),
        CONSTRAINT chk_products_country CHECK (country ~ '^[A-Z]{2}$'),
        CONSTRAINT chk_products_rules CHECK (min_days >= 1 AND max_days <= 365 AND min_days <= max_days
          AND lead_time_days BETWEEN 0 AND 90 AND buffer_days BETWEEN 0 AND 30),
        CONSTRAINT chk_products_rating CHECK (rating_count >= 0 AND (rating_average IS NULL OR rating_average BETWEEN 0 AND 5))
      )`);
    await q.query('CREATE INDEX ix_products_owner ON catalog.products (owner_id, created_at)');
    await q.query(
      'CREATE INDEX ix_products_inactive_owner ON catalog.products (owner_id) WHERE NOT owner_active',
    );
    await q.query(`CREATE INDEX ix_products_category ON catalog.products (category_id) WHERE ${VISIBLE}`);
    await q.query(
      `CREATE INDEX ix_products_price ON catalog.products (currency, daily_price) WHERE ${VISIBLE}`,
    );
    await q.query(`CREATE INDEX ix_products_geo ON catalog.products (latitude, longitude) WHERE ${VISIBLE}`);
    await q.query(`CREATE INDEX ix_products_newest ON catalog.products (created_at, id) WHERE ${VISIBLE}`);
    await q.query(
      `CREATE INDEX ix_products_rating ON catalog.products (rating_average, rating_count) WHERE ${VISIBLE}`,
    );
    await q.query(
      `CREATE INDEX ix_products_search ON catalog.products USING gin (search_vector) WHERE ${VISIBLE}`,
    );
    await q.query(
      `CREATE INDEX ix_products_title_trgm ON catalog.products USING gin (title gin_trgm_ops) WHERE ${VISIBLE}`,
    );
    // Tag names weigh more than the description; 'english' stems plurals (drills -> drill).
    await q.query(`
      CREATE FUNCTION catalog.products_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_vector :=
          setweight(to_tsvector('english', NEW.title), 'A') ||
          setweight(to_tsvector('english', array_to_string(NEW.tag_names, ' ')), 'B') ||
          setweight(to_tsvector('english', NEW.description), 'C');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER trg_products_search_vector BEFORE INSERT OR UPDATE OF title, description, tag_names
      ON catalog.products FOR EACH ROW EXECUTE FUNCTION catalog.products_search_vector()`);

    await q.query(`
      CREATE TABLE catalog.product_tags (
        product_id uuid NOT NULL,
        tag_id uuid NOT NULL,
        CONSTRAINT pk_product_tags PRIMARY KEY (product_id, tag_id),
        CONSTRAINT fk_product_tags_product FOREIGN KEY (product_id) REFERENCES catalog.products (id) ON DELETE CASCADE,
        CONSTRAINT fk_product_tags_tag FOREIGN KEY (tag_id) REFERENCES catalog.tags (id) ON DELETE RESTRICT
      )`);
    await q.query('CREATE INDEX ix_product_tags_tag ON catalog.product_tags (tag_id, product_id)');

    await q.query(`
      CREATE TABLE catalog.product_images (
        id uuid NOT NULL,
        product_id uuid NOT NULL,
        position integer NOT NULL,
        url text NOT NULL,
        alt text,
        CONSTRAINT pk_product_images PRIMARY KEY (id),
        CONSTRAINT fk_product_images_product FOREIGN KEY (product_id) REFERENCES catalog.products (id) ON DELETE CASCADE,
        CONSTRAINT chk_product_images_position CHECK (position >= 0),
        CONSTRAINT chk_product_images_https CHECK (url LIKE 'https://%')
      )`);
    await q.query(
      'CREATE UNIQUE INDEX uq_product_images_position ON catalog.product_images (product_id, position)',
    );

    // Projection of the rental context's events: which dates each product has promised.
    await q.query(`
      CREATE TABLE catalog.product_bookings (
        rental_id uuid NOT NULL,
        product_id uuid NOT NULL,
        period daterange NOT NULL,
        status text NOT NULL,
        last_event_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_product_bookings PRIMARY KEY (rental_id)
      )`);
    await q.query(`
      CREATE INDEX ix_product_bookings_holding ON catalog.product_bookings USING gist (product_id, period)
      WHERE status IN ('requested', 'accepted', 'active')`);

    await createEventTables(q, 'catalog');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropEventTables(q, 'catalog');
    await q.query('DROP TABLE catalog.product_bookings');
    await q.query('DROP TABLE catalog.product_images');
    await q.query('DROP TABLE catalog.product_tags');
    await q.query('DROP TABLE catalog.products');
    await q.query('DROP FUNCTION catalog.products_search_vector()');
    await q.query('DROP TABLE catalog.tags');
    await q.query('DROP TABLE catalog.categories');
    await q.query('DROP SCHEMA catalog');
  }
}
